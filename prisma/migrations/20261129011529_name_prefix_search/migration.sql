-- DropIndex
DROP INDEX "verification_sessions_person_name_idx";

-- CreateIndex
CREATE INDEX "verification_sessions_person_name_idx" ON "verification_sessions"("person_name" text_pattern_ops);

