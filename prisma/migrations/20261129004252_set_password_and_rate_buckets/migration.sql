-- AlterTable
ALTER TABLE "users" ADD COLUMN     "set_password_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "set_password_token_hash" TEXT;

-- AlterTable
ALTER TABLE "rate_windows" DROP CONSTRAINT "rate_windows_pkey",
ADD COLUMN     "bucket" TEXT NOT NULL,
ADD CONSTRAINT "rate_windows_pkey" PRIMARY KEY ("integration_id", "bucket", "window_start");

-- CreateIndex
CREATE UNIQUE INDEX "users_set_password_token_hash_key" ON "users"("set_password_token_hash");

