-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "data_retention_days" INTEGER,
ADD COLUMN     "media_retention_days" INTEGER;

-- AlterTable
ALTER TABLE "verification_sessions" ADD COLUMN     "data_redacted_at" TIMESTAMPTZ(3),
ADD COLUMN     "media_redacted_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "media" ADD COLUMN     "removed_at" TIMESTAMPTZ(3),
ALTER COLUMN "bytes" DROP NOT NULL;

-- CreateTable
CREATE TABLE "media_blobs" (
    "media_id" UUID NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "nonce_prefix" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,

    CONSTRAINT "media_blobs_pkey" PRIMARY KEY ("media_id")
);

-- CreateTable
CREATE TABLE "session_redactions" (
    "id" BIGSERIAL NOT NULL,
    "session_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "removed" JSONB NOT NULL,
    "actor_label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_redactions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "session_redactions_session_id_created_at_idx" ON "session_redactions"("session_id", "created_at");

-- AddForeignKey
ALTER TABLE "media_blobs" ADD CONSTRAINT "media_blobs_media_id_fkey" FOREIGN KEY ("media_id") REFERENCES "media"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_redactions" ADD CONSTRAINT "session_redactions_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "verification_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Ciphertext does not compress: keep it out of line uncompressed, so reading one segment with
-- substring() fetches only that segment's TOAST chunks (lib/media/media-store.ts streams this way).
ALTER TABLE "media_blobs" ALTER COLUMN "ciphertext" SET STORAGE EXTERNAL;
