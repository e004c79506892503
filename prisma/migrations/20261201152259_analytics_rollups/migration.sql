-- AlterTable
ALTER TABLE "decisions" ADD COLUMN     "actor_type" TEXT;

-- CreateTable
CREATE TABLE "analytics_daily" (
    "day" DATE NOT NULL,
    "integration_id" UUID NOT NULL,
    "created" INTEGER NOT NULL DEFAULT 0,
    "started" INTEGER NOT NULL DEFAULT 0,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "decided" INTEGER NOT NULL DEFAULT 0,
    "approved" INTEGER NOT NULL DEFAULT 0,
    "declined" INTEGER NOT NULL DEFAULT 0,
    "resubmission_requested" INTEGER NOT NULL DEFAULT 0,
    "review" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "abandoned" INTEGER NOT NULL DEFAULT 0,
    "by_engine" INTEGER NOT NULL DEFAULT 0,
    "by_reviewer" INTEGER NOT NULL DEFAULT 0,
    "by_other" INTEGER NOT NULL DEFAULT 0,
    "decision_seconds" INTEGER[],
    "review_seconds" INTEGER[],

    CONSTRAINT "analytics_daily_pkey" PRIMARY KEY ("day","integration_id")
);

-- CreateTable
CREATE TABLE "analytics_monthly" (
    "month" DATE NOT NULL,
    "integration_id" UUID NOT NULL,
    "decision_seconds" INTEGER[],
    "review_seconds" INTEGER[],

    CONSTRAINT "analytics_monthly_pkey" PRIMARY KEY ("month","integration_id")
);

-- CreateTable
CREATE TABLE "analytics_reasons" (
    "day" DATE NOT NULL,
    "integration_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "code" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "analytics_reasons_pkey" PRIMARY KEY ("day","integration_id","status","code")
);

-- AddForeignKey
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analytics_monthly" ADD CONSTRAINT "analytics_monthly_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analytics_reasons" ADD CONSTRAINT "analytics_reasons_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

