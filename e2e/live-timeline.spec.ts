import { stateFile } from "./e2e-env";
import { expect, test } from "@playwright/test";
import { runOutput } from "./run-output";

test("a second person's page shows the responder's commands as they happen, without reloading", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);

  const other = await browser.newContext({ storageState: stateFile("commander") });
  const commander = await other.newPage();
  await commander.goto(page.url());
  await expect(commander.getByLabel("Live updates")).toHaveText("● live");
  const timeline = commander.getByRole("list", { name: "Timeline events" });
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  // Each event shows its time of day (UTC) beside "just now", and is no tab stop (a long
  // timeline would be hundreds); the header's one relative time stays one.
  const opened = timeline.locator("time").first();
  await expect(opened).toHaveText(/^\d\d:\d\d:\d\d · (just now|\d+s ago)/);
  expect(await opened.getAttribute("tabindex")).toBeNull();
  await expect(commander.locator("header time").first()).toHaveAttribute("tabindex", "0");
  let reloaded = false;
  commander.on("framenavigated", () => (reloaded = true));

  const free = page.getByRole("article", { name: "free -h", exact: true });
  await free.getByRole("button", { name: "Run", exact: true }).click();
  await expect(timeline.getByRole("listitem").filter({ hasText: "Ran free -h" })).toBeVisible();
  await expect(timeline.getByRole("listitem").filter({ hasText: "Finished" }).getByText("exit 0")).toBeVisible();
  // The commander's copy of the command card follows too: its run shows up with its output.
  const commanderCard = commander.getByRole("article", { name: "free -h", exact: true });
  await expect(commanderCard.getByText("exit 0")).toBeVisible();
  expect((await runOutput(commanderCard)).text).toContain("Mem:");
  expect(reloaded).toBe(false);

  // The commander notes and changes status; the responder's page shows both at once.
  const controls = commander.getByRole("region", { name: "Incident controls" });
  await controls.getByLabel("Note").fill("Restore test DB looks healthy");
  await controls.getByRole("button", { name: "Add note" }).click();
  await controls.getByLabel("Status").selectOption("mitigated");
  await controls.getByRole("button", { name: "Set status" }).click();
  const responderTimeline = page.getByRole("list", { name: "Timeline events" });
  await expect(responderTimeline).toContainText("Note: Restore test DB looks healthy");
  await expect(responderTimeline).toContainText("Status investigating → mitigated");
  await expect(page.getByText("status: mitigated")).toBeVisible();
  await other.close();

  // The home page lists it among the open incidents, with its last activity.
  const incidentPath = new URL(page.url()).pathname;
  await page.goto("/");
  const entry = page
    .getByRole("list", { name: "Open incidents" })
    .getByRole("listitem")
    .filter({ has: page.locator(`a[href="${incidentPath}"]`) });
  await expect(entry).toContainText("Backup Failure");
  await expect(entry).toContainText("mitigated");
  await expect(entry).toContainText(/last activity (just now|\d+s ago)/);
  await expect(entry).toContainText("(status.changed by ");
});

test("the commander's view follows the responder live, with filters and key figures", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);

  const other = await browser.newContext({ storageState: stateFile("commander") });
  const commander = await other.newPage();
  await commander.goto(`${page.url()}/timeline`);
  const figures = commander.getByRole("definition");
  await expect(commander.getByLabel("Key figures")).toContainText("To first command—");

  const df = page.getByRole("article", { name: "df -h | grep backup", exact: true });
  await df.getByRole("button", { name: "Run", exact: true }).click();
  const timeline = commander.getByRole("list", { name: "Timeline events" });
  await expect(timeline.getByRole("listitem").filter({ hasText: "Ran df -h | grep backup" })).toBeVisible();
  await expect(timeline.getByRole("listitem").filter({ hasText: "Finished" })).toBeVisible();
  await expect(commander.getByLabel("Key figures")).not.toContainText("To first command—");
  // df printed nothing and exited 1: the step shows as failed on the responder's page.
  await expect(page.getByLabel("Step 1. Assess Current Backup Status: failed")).toBeVisible();
  await expect(page.getByLabel("Step 2. Identify Failed Component: not started")).toBeVisible();

  // The seed's "within 2 hours" counts down; ticking an Escalation item is recorded for everyone.
  await expect(page.getByLabel("Escalation countdown")).toContainText(/Escalate in 1h 5\dm .*If backups cannot be restored within 2 hours/);
  await page.getByRole("checkbox", { name: "Page: Senior DevOps Engineer" }).check();
  await expect(timeline).toContainText("Checked “Page: Senior DevOps Engineer”");
  await expect(page.getByRole("checkbox", { name: "Page: Senior DevOps Engineer" })).toBeChecked();

  // A step skipped with its reason; the other page shows it too.
  await page.getByRole("button", { name: "Skip Recovery Testing" }).click();
  await page.getByLabel("Why skip Recovery Testing").fill("quarterly drill, not now");
  await page.getByRole("button", { name: "Skip step" }).click();
  await expect(page.getByLabel("Step Recovery Testing: skipped")).toBeVisible();
  await expect(timeline).toContainText("Step “Recovery Testing” marked skipped: quarterly drill, not now");
  await expect(figures.first()).toBeVisible();

  await commander.getByLabel("Filter by type").selectOption("command.finished");
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  // opened, command started, step started, command finished, step failed, checked, step skipped
  await expect(commander.getByText("1 of 7 events")).toBeVisible();
  await commander.getByLabel("Filter by type").selectOption("");
  await commander.getByLabel("Filter by step").selectOption("Immediate Response / 1. Assess Current Backup Status");
  await expect(timeline.getByRole("listitem")).toHaveCount(4);
  await expect(timeline).toContainText("Step “1. Assess Current Backup Status” failed");
  await commander.getByLabel("Filter by step").selectOption("");

  // The commander takes command and flags the failed check as a key moment.
  const controls = commander.getByRole("region", { name: "Commander controls" });
  await controls.getByLabel("Commander").fill("dana@runlog.test");
  await controls.getByRole("button", { name: "Assign" }).click();
  await expect(commander.getByText("commander: dana@runlog.test", { exact: true })).toBeVisible();
  await controls.getByLabel("Event number").fill("3");
  await controls.getByLabel("Why it matters").fill("backup volume missing");
  await controls.getByRole("button", { name: "Flag" }).click();
  await commander.getByLabel("key moments only").check();
  await expect(timeline.getByRole("listitem")).toHaveCount(2);
  await expect(timeline).toContainText("★ Key moment #3: backup volume missing");
  await other.close();
});
