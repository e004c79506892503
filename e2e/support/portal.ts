import { spawnSync } from "node:child_process";
import { expect, type Page, type Request } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const env = () => ({ ...process.env, CHECKPOINT_DATA_DIR: process.env.E2E_DATA_DIR, DATABASE_URL: "" });

export function cli(args: string[]): string {
  const r = spawnSync(process.execPath, ["bin/checkpoint.mjs", ...args], { env: env(), encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`checkpoint ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Creates a user unless an earlier spec of this run already did (specs share the e2e database). */
export function ensureUser(u: { email: string; name: string; password: string }, role: "admin" | "operator" | "reviewer") {
  try {
    cli(["user", "create", "--email", u.email, "--name", u.name, "--role", role, "--password", u.password]);
  } catch (e) {
    if (!/already exists/.test(String(e))) throw e;
  }
}

export interface Fixtures {
  live: string;
  sandbox: string;
  bulk: string;
  paused: string;
  queue1: string;
  queue2: string;
  forbidden: string;
  lena: string;
  tess: string;
  toby: string;
  dora: string;
}

export function makeFixtures(): Fixtures {
  const r = spawnSync(process.execPath, ["--import", "tsx", "e2e/support/fixtures.ts"], { env: env(), encoding: "utf8", timeout: 180_000 });
  if (r.status !== 0) throw new Error(`fixtures failed: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

export const operator = { name: "Olivia Ops", email: "olivia@checkpoint.test", password: "operator password 1" };
export const reviewer = { name: "Rui Reviewer", email: "rui@checkpoint.test", password: "reviewer password 1" };

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  expect(summary, "axe violations").toEqual([]);
}

/** A server action's request as the browser sent it, to replay with another user's cookies. */
export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export async function captureAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  const req = page.waitForRequest((r: Request) => r.method() === "POST" && !!r.headers()["next-action"]);
  await trigger();
  const r = await req;
  const h = r.headers();
  return {
    url: r.url(),
    headers: { "next-action": h["next-action"], "content-type": h["content-type"], accept: h["accept"] ?? "text/x-component", ...(h["next-router-state-tree"] ? { "next-router-state-tree": h["next-router-state-tree"] } : {}) },
    body: r.postData() ?? "",
  };
}

/** Sends a captured action as whoever is signed in on page, optionally with a value swapped. */
export async function replayAction(page: Page, a: CapturedAction, swap?: [string, string]) {
  const body = swap ? a.body.split(swap[0]).join(swap[1]) : a.body;
  const res = await page.request.post(a.url, { headers: a.headers, data: body });
  return { status: res.status(), text: await res.text() };
}
