import { test, expect } from "@playwright/test";
import { admin, signIn } from "./support/users";
import { cli, ensureUser, expectNoAxeViolations, reviewer } from "./support/portal";

// The analytics page in Chromium: its charts drawn, each chart's numbers in its table equal to
// what GET /api/analytics answers for the same filter, and an empty range saying so.
let integration: string;
let empty: string;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
// The seed spreads sessions over the last 365 days.
const range = `from=${day(Date.now() - 365 * 86_400_000)}&to=${day(Date.now())}`;

test.beforeAll(() => {
  ensureUser(reviewer, "reviewer");
  integration = (JSON.parse(cli(["integration", "create", "--name", "Insights shop", "--environment", "live", "--json"])) as { id: string }).id;
  empty = (JSON.parse(cli(["integration", "create", "--name", "Quiet shop", "--environment", "live", "--json"])) as { id: string }).id;
  cli(["seed", "sessions", "400", "--integration", integration]);
});

test("a reviewer sees the charts, and each chart's table holds the JSON endpoint's numbers", async ({ page }) => {
  await signIn(page, reviewer);
  await page.goto("/sessions");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics" })).toBeVisible();
  await page.goto(`/analytics?${range}&integration=${integration}`);
  const json = await (await page.request.get(`/api/analytics?${range}&integration=${integration}`)).json();
  expect(json.funnel.created).toBe(400);

  // The figures at the top are the JSON's.
  await expect(page.getByText("Sessions created", { exact: true }).locator("..")).toContainText("400");

  // Every chart is drawn (a canvas with pixels) and named with its main figures.
  const funnel = page.getByRole("img", { name: /^Funnel: / });
  await expect(funnel).toHaveAccessibleName(new RegExp(`created ${json.funnel.created}, started ${json.funnel.started} `));
  for (const name of [/^Sessions created per week, by outcome: /, /^Funnel: /, /^Approval, decline and resubmission rates per week: /]) {
    const chart = page.getByRole("img", { name });
    await expect(chart.locator("canvas").first()).toBeVisible();
    const drawn = await chart.locator("canvas").first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(drawn).toBeGreaterThan(500);
  }

  // The funnel's table: the four steps with the JSON's counts.
  const funnelFigure = page.locator("figure", { has: page.getByText("Funnel", { exact: true }) });
  await funnelFigure.getByRole("button", { name: "Show table" }).click();
  await expect(funnelFigure.getByRole("button", { name: "Hide table" })).toHaveAttribute("aria-expanded", "true");
  const rows = await funnelFigure.getByRole("table", { name: "Funnel" }).getByRole("row").allTextContents();
  const f = json.funnel;
  expect(rows).toEqual(["StepSessions", `Created${f.created}`, `Started${f.started}`, `Submitted${f.submitted}`, `Decided${f.decided}`]);

  // Per day, the volume table sums to the JSON's series.
  await page.getByRole("group", { name: "Group by" }).getByRole("button", { name: "Per day" }).click();
  const volume = page.locator("figure", { has: page.getByText("Sessions created per day, by outcome", { exact: true }) });
  await volume.getByRole("button", { name: "Show table" }).click();
  const table = volume.getByRole("table", { name: "Sessions created per day, by outcome" });
  await expect(table.getByRole("row")).toHaveCount(json.series.length + 1);
  const busiest = json.series.reduce((m: { created: number }, p: { created: number }) => (p.created > m.created ? p : m));
  const row = table.getByRole("row", { name: new RegExp(`^${busiest.date}`) });
  const cells = (await row.getByRole("cell").allTextContents()).map((c) => Number(c.replace(/,/g, "")));
  expect(cells).toEqual([busiest.approved, busiest.declined, busiest.resubmission_requested, busiest.review, busiest.expired, busiest.abandoned, busiest.inProgress]);
  expect(cells.reduce((a, b) => a + b, 0)).toBe(busiest.created);

  // Reasons are words with their codes.
  const top = json.reasons.declined[0];
  await expect(page.getByRole("table", { name: "Decline reasons" }).getByRole("row").nth(1)).toHaveText(`${top.reason}${top.code}${top.count}`);
  await expectNoAxeViolations(page);
});

test("an empty range shows an empty state, a bad date names its field", async ({ page }) => {
  await signIn(page, admin);
  await page.goto(`/analytics?${range}&integration=${empty}`);
  await expect(page.getByText(/No sessions were created from .* for this filter/)).toBeVisible();
  await expect(page.getByRole("img")).toHaveCount(0);
  await page.goto(`/analytics?from=2026-02-30&to=2026-03-01`);
  await expect(page.getByRole("alert").filter({ hasText: "from:" })).toHaveText("from: from must be a date written YYYY-MM-DD.");
  await expect(page.getByLabel("From")).toHaveValue("");
});
