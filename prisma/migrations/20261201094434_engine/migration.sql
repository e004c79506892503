-- CreateEnum
CREATE TYPE "EngineJobState" AS ENUM ('pending', 'done', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "auto_decide" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "engine_settings" JSONB;

-- AlterTable
ALTER TABLE "attempts" ADD COLUMN     "verified_data" JSONB;

-- CreateTable
CREATE TABLE "engine_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "integration_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "attempt_id" UUID NOT NULL,
    "state" "EngineJobState" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "locked_by" TEXT,
    "last_error" TEXT,
    "outcome" TEXT,
    "report" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "engine_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "engine_identities" (
    "id" BIGSERIAL NOT NULL,
    "integration_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "attempt_id" UUID NOT NULL,
    "document_number" TEXT,
    "document_country" TEXT,
    "identity_key" TEXT,
    "vendor_data" TEXT,
    "face_embedding" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engine_identities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "engine_jobs_attempt_id_key" ON "engine_jobs"("attempt_id");

-- CreateIndex
CREATE INDEX "engine_jobs_state_run_after_idx" ON "engine_jobs"("state", "run_after");

-- CreateIndex
CREATE INDEX "engine_jobs_session_id_created_at_idx" ON "engine_jobs"("session_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "engine_identities_attempt_id_key" ON "engine_identities"("attempt_id");

-- CreateIndex
CREATE INDEX "engine_identities_integration_id_document_number_created_at_idx" ON "engine_identities"("integration_id", "document_number", "created_at");

-- CreateIndex
CREATE INDEX "engine_identities_integration_id_created_at_idx" ON "engine_identities"("integration_id", "created_at");

-- AddForeignKey
ALTER TABLE "engine_jobs" ADD CONSTRAINT "engine_jobs_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "engine_jobs" ADD CONSTRAINT "engine_jobs_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "verification_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "engine_jobs" ADD CONSTRAINT "engine_jobs_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "attempts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "engine_identities" ADD CONSTRAINT "engine_identities_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "engine_identities" ADD CONSTRAINT "engine_identities_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "verification_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

