import { prisma } from "../db/index.ts";
import { createIntegration } from "../integrations/create-integration.ts";
import { systemActor } from "../audit/record.ts";

/**
 * On an empty database, create "Test integration", as a fresh Veriff account has. A settings
 * row claims the job first, so concurrent starts create it once and deleting it later does
 * not bring it back.
 */
export async function ensureFirstRun(): Promise<void> {
  const claimed = await prisma().setting.createMany({
    data: [{ key: "first_run.test_integration", value: new Date().toISOString() }],
    skipDuplicates: true,
  });
  if (claimed.count === 0) return;
  const existing = await prisma().integration.count();
  if (existing > 0) return;
  await createIntegration({ name: "Test integration", environment: "test", plan: "self-serve" }, systemActor);
}

/**
 * Setup is done once the setup page made the first admin, or once any admin exists (e.g. made
 * with `checkpoint user create --role admin`): the page must never offer a stranger an admin
 * account on an instance that already has one.
 */
export async function setupComplete(): Promise<boolean> {
  const row = await prisma().setting.findUnique({ where: { key: "setup.completed" } });
  if (row) return true;
  return (await prisma().user.count({ where: { role: "admin" } })) > 0;
}
