-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "brand_accent_color" TEXT,
ADD COLUMN     "brand_display_name" TEXT,
ADD COLUMN     "brand_logo_url" TEXT,
ADD COLUMN     "privacy_policy_url" TEXT,
ADD COLUMN     "support_email" TEXT;

