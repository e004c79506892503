-- CreateEnum
CREATE TYPE "BulkBatchState" AS ENUM ('draft', 'queued', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "BulkRowState" AS ENUM ('invalid', 'pending', 'created', 'failed');

-- CreateEnum
CREATE TYPE "EmailKind" AS ENUM ('link', 'reminder');

-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "email_reminder_days" INTEGER,
ADD COLUMN     "email_templates" JSONB;

-- CreateTable
CREATE TABLE "bulk_batches" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "integration_id" UUID NOT NULL,
    "created_by_id" UUID,
    "created_by" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "state" "BulkBatchState" NOT NULL DEFAULT 'draft',
    "send_email" BOOLEAN NOT NULL DEFAULT false,
    "row_count" INTEGER NOT NULL,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "rate_limited" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_rows" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "batch_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "body" JSONB,
    "email" TEXT,
    "person" TEXT,
    "vendor_data" TEXT,
    "state" "BulkRowState" NOT NULL,
    "errors" JSONB,
    "session_id" UUID,
    "session_url" TEXT,
    "error" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_rows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "integration_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "kind" "EmailKind" NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_response" TEXT,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "duration_ms" INTEGER NOT NULL,
    "response" TEXT,
    "error" TEXT,

    CONSTRAINT "email_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_batches_state_next_attempt_at_idx" ON "bulk_batches"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "bulk_rows_batch_id_state_row_number_idx" ON "bulk_rows"("batch_id", "state", "row_number");

-- CreateIndex
CREATE UNIQUE INDEX "bulk_rows_batch_id_row_number_key" ON "bulk_rows"("batch_id", "row_number");

-- CreateIndex
CREATE INDEX "email_deliveries_state_next_attempt_at_idx" ON "email_deliveries"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "email_deliveries_session_id_created_at_idx" ON "email_deliveries"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "email_attempts_delivery_id_started_at_idx" ON "email_attempts"("delivery_id", "started_at");

-- AddForeignKey
ALTER TABLE "bulk_batches" ADD CONSTRAINT "bulk_batches_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_rows" ADD CONSTRAINT "bulk_rows_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "bulk_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_deliveries" ADD CONSTRAINT "email_deliveries_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_deliveries" ADD CONSTRAINT "email_deliveries_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "verification_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_attempts" ADD CONSTRAINT "email_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "email_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

