-- CreateTable
CREATE TABLE "secret_check" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "key_check" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotated_at" TIMESTAMPTZ(3),

    CONSTRAINT "secret_check_pkey" PRIMARY KEY ("id")
);

