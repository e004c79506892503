import type { Plan as DbPlan } from "../generated/prisma/enums.ts";
import type { Plan } from "../validation/integration.ts";

// The plan is spelt "self-serve" everywhere (API, CLI, forms, the database's enum value); only
// Prisma's generated enum names it self_serve, because an identifier cannot hold a dash.
export const planFromDb = (p: DbPlan): Plan => (p === "self_serve" ? "self-serve" : "enterprise");
export const planToDb = (p: Plan): DbPlan => (p === "self-serve" ? "self_serve" : "enterprise");
