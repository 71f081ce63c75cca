import { expect, test } from "@playwright/test";

test("a second person's page shows the responder's commands as they happen, without reloading", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);

  const other = await browser.newContext();
  const commander = await other.newPage();
  await commander.goto(page.url());
  await expect(commander.getByLabel("Live updates")).toHaveText("● live");
  const timeline = commander.getByRole("list", { name: "Timeline events" });
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  let reloaded = false;
  commander.on("framenavigated", () => (reloaded = true));

  const free = page.getByRole("article", { name: "free -h", exact: true });
  await free.getByRole("button", { name: "Run", exact: true }).click();
  await expect(timeline.getByRole("listitem").filter({ hasText: "Ran free -h" })).toBeVisible();
  await expect(timeline.getByRole("listitem").filter({ hasText: "Finished" }).getByText("exit 0")).toBeVisible();
  // The commander's copy of the command card follows too: its run shows up with its output.
  await expect(commander.getByRole("article", { name: "free -h", exact: true }).getByRole("region", { name: "Output of free -h" })).toContainText("Mem:");
  expect(reloaded).toBe(false);
  await other.close();

  // The home page lists it among the open incidents, with its last activity.
  await page.goto("/");
  const entry = page.getByRole("list", { name: "Open incidents" }).getByRole("listitem").first();
  await expect(entry).toContainText("Backup Failure");
  await expect(entry).toContainText("investigating");
  await expect(entry).toContainText(/last activity \d+s ago \(command\.finished by /);
});
