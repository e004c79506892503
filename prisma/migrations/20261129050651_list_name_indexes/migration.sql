-- DropIndex
DROP INDEX "verification_sessions_status_created_at_id_idx";

-- DropIndex
DROP INDEX "verification_sessions_integration_id_status_created_at_id_idx";

-- DropIndex
DROP INDEX "verification_sessions_person_name_idx";

-- CreateIndex
CREATE INDEX "verification_sessions_status_created_name_idx" ON "verification_sessions"("status", "created_at" DESC, "id" DESC, "person_name" text_pattern_ops);

-- CreateIndex
CREATE INDEX "verification_sessions_integration_status_created_name_idx" ON "verification_sessions"("integration_id", "status", "created_at" DESC, "id" DESC, "person_name" text_pattern_ops);

-- CreateIndex
CREATE INDEX "verification_sessions_name_created_idx" ON "verification_sessions"("person_name" text_pattern_ops, "created_at" DESC, "id" DESC);

