import { stateFile } from "./accounts";
import { E2E_PORT } from "./e2e-env";
import { expect, test, type Page } from "@playwright/test";

const card = (page: Page, text: string) => page.getByRole("article", { name: text, exact: true });
const LOOP = 'while [ "$(docker exec corporate-intel-redis redis-cli LASTSAVE)" == "$LAST_SAVE" ]; do\n  sleep 5\ndone';
const screenText = async (page: Page, name: string) => (await page.getByRole("region", { name }).locator(".xterm-rows").innerText()).trim();

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
  await expect(echo.getByRole("region", { name: 'Output of echo "Source files: $SOURCE_COUNT"' })).toContainText("Source files: 0");
  await expect(page.getByRole("list", { name: "Shell variables" })).toContainText("SOURCE_COUNT=0");

  // A command that keeps running and printing: the runner starts it, a second person watches.
  const loop = card(page, LOOP);
  await loop.getByRole("button", { name: "Run", exact: true }).click();
  const outputName = `Output of ${LOOP.split("\n")[0]}`;
  await expect(loop.getByRole("region", { name: outputName })).toContainText(/docker|Docker/, { timeout: 15_000 });

  const other = await browser.newContext({ storageState: stateFile("commander", E2E_PORT) });
  const commander = await other.newPage();
  await commander.goto(incidentUrl);
  const watched = card(commander, LOOP);
  await expect(watched.getByText("running…")).toBeVisible();
  await expect(watched.getByRole("region", { name: outputName })).toContainText(/docker|Docker/);
  // After the next iteration both screens show the same lines.
  await page.waitForTimeout(5500);
  await expect
    .poll(async () => (await screenText(commander, outputName)) === (await screenText(page, outputName)), { timeout: 10_000 })
    .toBe(true);

  await loop.getByRole("button", { name: "Cancel" }).click();
  await expect(loop.getByText(/^cancelled/)).toBeVisible({ timeout: 15_000 });
  await expect(watched.getByText(/^cancelled/)).toBeVisible({ timeout: 15_000 });
  const timeline = commander.getByRole("list", { name: "Timeline events" });
  await expect(timeline.getByRole("listitem").filter({ hasText: "stopped by" })).toHaveCount(1);
  await other.close();
});

test("a variable set in the page reaches the command as environment; an edited run records both texts", async ({ page }) => {
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
  await confirm.getByRole("button", { name: "Confirm and run" }).click();
  await expect(check.getByRole("region", { name: /^Output of/ })).toContainText("user is backup_admin");
  await expect(page.getByRole("list", { name: "Timeline events" })).toContainText(
    "runbook had: docker exec corporate-intel-postgres pg_isready -U $POSTGRES_USER",
  );
});
