-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('checkpoint', 'veriff');

-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "provider" "Provider" NOT NULL DEFAULT 'checkpoint',
ADD COLUMN     "veriff_api_key_ciphertext" TEXT,
ADD COLUMN     "veriff_api_key_hint" TEXT,
ADD COLUMN     "veriff_base_url" TEXT,
ADD COLUMN     "veriff_secret_ciphertext" TEXT,
ADD COLUMN     "veriff_secret_hint" TEXT;

-- AlterTable
ALTER TABLE "verification_sessions" ADD COLUMN     "provider" "Provider" NOT NULL DEFAULT 'checkpoint',
ADD COLUMN     "provider_data" JSONB,
ADD COLUMN     "provider_host" TEXT,
ADD COLUMN     "provider_token" TEXT,
ADD COLUMN     "provider_url" TEXT;

-- CreateTable
CREATE TABLE "veriff_webhooks" (
    "id" BIGSERIAL NOT NULL,
    "integration_id" UUID NOT NULL,
    "session_id" UUID,
    "kind" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "detail" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "veriff_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "veriff_syncs" (
    "session_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "veriff_syncs_pkey" PRIMARY KEY ("session_id")
);

-- CreateTable
CREATE TABLE "veriff_sync_attempts" (
    "id" BIGSERIAL NOT NULL,
    "session_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "duration_ms" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,

    CONSTRAINT "veriff_sync_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "veriff_creates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "integration_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'sending',
    "tries" INTEGER NOT NULL DEFAULT 0,
    "session_id" UUID,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "veriff_creates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "veriff_webhooks_session_id_received_at_idx" ON "veriff_webhooks"("session_id", "received_at");

-- CreateIndex
CREATE INDEX "veriff_webhooks_integration_id_received_at_idx" ON "veriff_webhooks"("integration_id", "received_at");

-- CreateIndex
CREATE INDEX "veriff_syncs_state_next_attempt_at_idx" ON "veriff_syncs"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "veriff_sync_attempts_session_id_started_at_idx" ON "veriff_sync_attempts"("session_id", "started_at");

-- CreateIndex
CREATE INDEX "veriff_creates_integration_id_created_at_idx" ON "veriff_creates"("integration_id", "created_at");

-- AddForeignKey
ALTER TABLE "veriff_webhooks" ADD CONSTRAINT "veriff_webhooks_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "veriff_webhooks" ADD CONSTRAINT "veriff_webhooks_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "verification_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "veriff_syncs" ADD CONSTRAINT "veriff_syncs_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "verification_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "veriff_sync_attempts" ADD CONSTRAINT "veriff_sync_attempts_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "veriff_syncs"("session_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "veriff_creates" ADD CONSTRAINT "veriff_creates_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

