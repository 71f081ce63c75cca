import { stateFile } from "./e2e-env";
import { expect, test, type Page } from "@playwright/test";
import { approveAsCommander, requestAndGetApproval } from "./approvals";
import { expectOutput, runOutput, terminalText } from "./run-output";

const card = (page: Page, text: string) => page.getByRole("article", { name: text, exact: true });
const LOOP = 'while [ "$(docker exec corporate-intel-redis redis-cli LASTSAVE)" == "$LAST_SAVE" ]; do\n  sleep 5\ndone';

test("two people watch one run live; the shell session carries over; cancel stops it for both", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const incidentUrl = page.url();

  // One command sets a shell variable, the next one reads it.
  const count = card(page, "SOURCE_COUNT=$(mc ls --recursive minio/corporate-intel | wc -l)");
  await count.getByRole("button", { name: "Run", exact: true }).click();
  // mc is not installed here: wc still counts 0 lines, and pipefail reports mc's failure.
  await expect(count.getByText(/^exit \d+$/)).toBeVisible();
  const echo = card(page, 'echo "Source files: $SOURCE_COUNT"');
  await echo.getByRole("button", { name: "Run", exact: true }).click();
  await expectOutput(echo, "Source files: 0");
  await expect(page.getByRole("list", { name: "Shell variables" })).toContainText("SOURCE_COUNT=0");

  // A command that keeps running and printing: the runner starts it, a second person watches.
  // LAST_SAVE empty on purpose: docker is missing here, so the loop compares "" with "" and goes on.
  await setEmptyOnPurpose(page, "LAST_SAVE");
  const loop = card(page, LOOP);
  await loop.getByRole("button", { name: "Run", exact: true }).click();
  const outputName = `Output of ${LOOP.split("\n")[0]}`;
  await expectOutput(loop, /docker/);

  const other = await browser.newContext({ storageState: stateFile("commander") });
  const commander = await other.newPage();
  await commander.goto(incidentUrl);
  const watched = card(commander, LOOP);
  await expect(watched.getByText("running…")).toBeVisible();
  // Both terminals hold the same output (whole buffers), once a second iteration has printed.
  const sameLines = async () => {
    const [mine, theirs] = await Promise.all([
      terminalText(loop.getByRole("region", { name: outputName })),
      terminalText(watched.getByRole("region", { name: outputName })),
    ]);
    // Until both terminals are open (xterm.js loads after the page), or while they differ: not yet.
    return mine !== null && mine === theirs ? (mine.match(/docker/g) ?? []).length : -1;
  };
  await expect.poll(sameLines, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  expect((await runOutput(loop)).running).toBe(true);

  await loop.getByRole("button", { name: "Cancel" }).click();
  await expect(loop.getByText(/^cancelled/)).toBeVisible({ timeout: 15_000 });
  await expect(watched.getByText(/^cancelled/)).toBeVisible({ timeout: 15_000 });
  const timeline = commander.getByRole("list", { name: "Timeline events" });
  await expect(timeline.getByRole("listitem").filter({ hasText: "stopped by" })).toHaveCount(1);
  await other.close();
});

test("a variable set in the page reaches the command as environment; an edited run records both texts", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const vars = page.getByRole("region", { name: "Variables" });
  await vars.getByLabel("$POSTGRES_USER").fill("backup_admin");
  await vars.getByRole("button", { name: "Set POSTGRES_USER" }).click();
  await expect(vars).toContainText("= backup_admin");
  const check = card(page, "docker exec corporate-intel-postgres pg_isready -U $POSTGRES_USER");
  await check.getByRole("button", { name: "Edit" }).click();
  await check.getByRole("textbox").fill('echo "user is $POSTGRES_USER"');
  // The edit shows what it changes in the runbook's command before anything runs.
  await expect(check.getByLabel("Changes to the runbook's command")).toContainText("docker exec corporate-intel-postgres pg_isready -U");
  await expect(check.getByLabel("Changes to the runbook's command").locator("ins")).toContainText('echo "user is');
  await check.getByRole("button", { name: "Run edited" }).click();
  // An edit nobody reviewed in the runbook asks first, showing it with the variables filled in.
  const confirm = check.getByRole("dialog", { name: /^Confirm/ });
  await expect(confirm.getByLabel("Command as it will run")).toHaveText('echo "user is backup_admin"');
  // The incident is critical: an edit waits for a commander, whatever its words look like.
  await expect(confirm.getByLabel("Approval")).toContainText("needs a commander's approval for edited commands");
  await expect(confirm.getByRole("button", { name: "Confirm and run" })).toBeDisabled();
  const incidentUrl = page.url();
  await requestAndGetApproval(confirm, () => approveAsCommander(browser, incidentUrl));
  await confirm.getByRole("button", { name: "Confirm and run" }).click();
  await expectOutput(check, "user is backup_admin");
  await expect(page.getByRole("list", { name: "Timeline events" })).toContainText(
    "runbook had: docker exec corporate-intel-postgres pg_isready -U $POSTGRES_USER",
  );
});

async function setEmptyOnPurpose(page: Page, name: string) {
  const vars = page.getByRole("region", { name: "Variables" });
  const row = vars.getByRole("listitem").filter({ has: page.getByLabel(`$${name}`, { exact: true }) });
  await row.getByLabel("empty on purpose").check();
  await row.getByRole("button", { name: `Set ${name}` }).click();
  await expect(row).toContainText("(empty on purpose)");
}

test("a command whose variable is not set does not run: the card says which, Run goes to the variable", async ({ page }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const loop = card(page, LOOP);
  const notice = loop.getByRole("status", { name: "Missing variables" });
  await expect(notice).toContainText("Set this variable first");
  await expect(notice.getByRole("button", { name: "$LAST_SAVE" })).toBeVisible();
  // Run takes the person to the variable's input instead of running.
  await loop.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("region", { name: "Variables" }).getByLabel("$LAST_SAVE", { exact: true })).toBeFocused();
  await expect(loop.getByText("running…")).toHaveCount(0);
  // An empty value is refused unless it is meant.
  const vars = page.getByRole("region", { name: "Variables" });
  const row = vars.getByRole("listitem").filter({ has: page.getByLabel("$LAST_SAVE", { exact: true }) });
  await row.getByRole("button", { name: "Set LAST_SAVE" }).click();
  await expect(row.getByRole("alert")).toHaveText('$LAST_SAVE would be empty: type a value, or tick "empty on purpose".');
  // An edit that reads another unset variable is refused the same way, naming it.
  const count = card(page, "SOURCE_COUNT=$(mc ls --recursive minio/corporate-intel | wc -l)");
  await count.getByRole("button", { name: "Edit" }).click();
  await count.getByRole("textbox").fill('rm -rf "$SCRATCH_DIR"/tmp-*');
  await count.getByRole("button", { name: "Run edited" }).click();
  await expect(count.getByRole("status", { name: "Missing variables" }).getByRole("button", { name: "$SCRATCH_DIR" })).toBeVisible();
  await expect(vars.getByLabel("$SCRATCH_DIR", { exact: true })).toBeFocused();
  await expect(count.getByRole("dialog", { name: /^Confirm/ })).toHaveCount(0);
  // The server's own word, for a request that skipped the page.
  const incidentId = page.url().split("/").at(-1)!;
  const res = await page.request.post("/api/trpc/runs.start", {
    data: { json: { incidentId, commandId: await loop.getAttribute("data-command-id"), confirmed: "destructive" } },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(await res.text()).toContain("Set LAST_SAVE first: the command needs it.");
  await expect(page.getByRole("list", { name: "Timeline events" }).getByRole("listitem").filter({ hasText: "Ran" })).toHaveCount(0);
});

test("a 60 KiB edit is guarded and runs: command text travels in POST bodies, never in a URL", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const guardRequests: string[] = [];
  page.on("request", (r) => r.url().includes("runs.guard") && guardRequests.push(r.method()));
  const free = card(page, "free -h");
  const padding = "x".repeat(60 * 1024 - 40);
  const edit = `echo "long edit ran: ok" # ${padding}`;
  expect(edit.length).toBeGreaterThan(60 * 1000);
  await free.getByRole("button", { name: "Edit" }).click();
  await free.getByRole("textbox").fill(edit);
  await free.getByRole("button", { name: "Run edited" }).click();
  const confirm = free.getByRole("dialog", { name: /^Confirm/ });
  await expect(confirm.getByLabel("Command as it will run")).toContainText("long edit ran: ok");
  const incidentUrl = page.url();
  await requestAndGetApproval(confirm, () => approveAsCommander(browser, incidentUrl));
  await confirm.getByRole("button", { name: "Confirm and run" }).click();
  await expect(free.getByText("exit 0")).toBeVisible();
  expect((await runOutput(free)).text).toBe("long edit ran: ok");
  expect(guardRequests).toEqual(["POST"]);
});
