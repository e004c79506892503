import { z } from "zod";

/** 8-4-4-4-12 hex digits, any version: ids come from PostgreSQL and from integrators (endUserId). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID_PATTERN.test(s);

/** The zod schema for an id field; `message` names what is unknown ("Unknown session."). */
export const uuidSchema = (message: string) => z.string({ message }).regex(UUID_PATTERN, message);
