import { expect, test, type Page } from "@playwright/test";
import { runOutput, terminalText } from "./run-output";

function commandCard(page: Page, text: string) {
  return page.getByRole("article", { name: text, exact: true });
}

test("run seed runbook commands live and find them on the timeline after a reload", async ({ page }) => {
  await page.goto("/");
  const entry = page.getByRole("list", { name: "Runbooks" }).getByRole("listitem").filter({ hasText: "Backup Failure" });
  await expect(entry).toContainText("Critical (Page)");
  for (const alert of ["PostgreSQLBackupFailure", "MinIOBackupFailure", "BackupExecutionError"]) {
    await expect(entry.getByText(alert)).toBeVisible();
  }

  await entry.getByRole("link", { name: "Backup Failure" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Backup Failure" })).toBeVisible();
  const sections = page.getByRole("list", { name: "Sections" }).getByRole("heading");
  await expect(sections.nth(0)).toHaveText("Overview");
  await expect(sections.nth(3)).toHaveText("1. Assess Current Backup Status");
  await expect(page.getByText("df -h | grep backup", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_[a-z0-9]+$/);
  const incidentUrl = page.url();

  // Prints nothing here and exits 1: the failure must show.
  const df = commandCard(page, "df -h | grep backup");
  await df.getByRole("button", { name: "Run" }).click();
  await expect(df.getByText("exit 1")).toBeVisible();

  const free = commandCard(page, "free -h");
  await free.getByRole("button", { name: "Run" }).click();
  await expect(free.getByText("exit 0")).toBeVisible();
  expect((await runOutput(free)).text).toContain("Mem:");

  await page.reload();
  expect(page.url()).toBe(incidentUrl);
  const timeline = page.getByRole("list", { name: "Timeline events" });
  const finishedDf = timeline.getByRole("listitem").filter({ hasText: "Finished" }).filter({ hasText: "df -h | grep backup" });
  await expect(finishedDf.getByText("exit 1")).toBeVisible();
  await expect(finishedDf.getByText("no output")).toBeVisible();
  const finishedFree = timeline.getByRole("listitem").filter({ hasText: "Finished" }).filter({ hasText: "free -h" });
  await expect(finishedFree.getByText("exit 0")).toBeVisible();
  await expect(finishedFree.getByLabel("Output of free -h")).toContainText("Mem:");
  await expect(timeline.getByRole("listitem").filter({ hasText: "Ran" })).toHaveCount(2);

  // The finished run's whole output is persisted too, not only the timeline's excerpt; the
  // terminal replays it from the database.
  const stored = await runOutput(commandCard(page, "free -h"));
  expect(stored).toMatchObject({ running: false, text: expect.stringContaining("Swap:") });
  const replayed = commandCard(page, "free -h").getByRole("region", { name: "Output of free -h" });
  await expect.poll(() => terminalText(replayed)).toBe(stored.text);
});

test("unknown runbooks and incidents are 404 pages", async ({ page }) => {
  for (const url of ["/runbooks/no-such-runbook", "/incidents/inc_doesnotexist00", "/incidents/garbage"]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});

test("invalid API input gets a clear validation message, not a stack trace", async ({ request }) => {
  const res = await request.post("/api/trpc/incidents.create", { data: { json: { runbookSlug: "../../etc/passwd" } } });
  expect(res.status()).toBe(400);
  const body = await res.text();
  expect(body).toContain("Invalid input: runbookSlug");
  expect(body).not.toMatch(/at .*\.(ts|js):\d+/);
});
