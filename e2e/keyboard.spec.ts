import { expect, test, type Page } from "@playwright/test";
import { approveAsCommander, requestAndGetApproval } from "./approvals";
import { runOutput } from "./run-output";

const card = (page: Page, text: string) => page.getByRole("article", { name: text, exact: true });
const current = (page: Page) => page.locator("[data-runnable][data-current]");

test("the incident page by keyboard: move, run, edit, confirm with the typed word, jump, open the timeline", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const incidentUrl = page.url();
  const runnables = page.locator("[data-runnable]");
  await expect(runnables.first()).toBeVisible();

  // j / k walk the commands; the current one is marked and focused.
  await page.keyboard.press("j");
  await expect(current(page)).toHaveCount(1);
  expect(await runnables.first().getAttribute("data-current")).toBe("");
  await page.keyboard.press("j");
  expect(await runnables.nth(1).getAttribute("data-current")).toBe("");
  await expect(runnables.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  expect(await runnables.first().getAttribute("data-current")).toBe("");

  // Keys typed into a field stay in the field.
  const vars = page.getByRole("region", { name: "Variables" });
  const field = vars.getByLabel("$POSTGRES_USER");
  await field.focus();
  await page.keyboard.type("jk?");
  await expect(field).toHaveValue("jk?");
  expect(await runnables.first().getAttribute("data-current")).toBe("");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
  await field.fill("");

  // ? lists the keys; Esc closes the list.
  await runnables.first().focus();
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toContainText("next step not done");
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);

  // r runs the card in focus (read-only: no confirmation).
  const free = card(page, "free -h");
  await free.focus();
  await page.keyboard.press("r");
  await expect(free.getByText("exit 0")).toBeVisible();
  expect((await runOutput(free)).text).toMatch(/Mem:/);

  // Screen readers hear how it ended; the outline says where its step stands, in words.
  await expect(page.getByTestId("live-announcer")).toContainText("free -h finished, exit 0");
  const freeStep = free.locator("xpath=ancestor::li[@data-step-status][1]");
  const stepTitle = (await freeStep.locator("section").first().getAttribute("aria-label"))!;
  const stepState = (await freeStep.getAttribute("data-step-status"))!;
  expect(["in progress", "done"]).toContain(stepState);
  const outline = page.getByRole("navigation", { name: "Step outline" });
  await expect(outline.getByRole("link", { name: `${stepTitle}: ${stepState}`, exact: true })).toBeVisible();

  // e edits; a destructive edit asks for the typed word, and Enter confirms only once it matches.
  await free.focus();
  await page.keyboard.press("e");
  await free.getByLabel("Edited free -h").fill("rm -rf ./no-such-dir-kbd");
  await free.getByRole("button", { name: "Run edited" }).click();
  const confirm = free.getByRole("dialog", { name: /^Confirm/ });
  const word = confirm.getByLabel("Confirmation word");
  await expect(word).toBeFocused();
  // Focus stays in the dialog.
  for (let i = 0; i < 6; i++) await page.keyboard.press("Tab");
  expect(await confirm.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  // Esc closes it, and nothing ran.
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await free.getByRole("button", { name: "Run edited" }).click();
  await requestAndGetApproval(confirm, () => approveAsCommander(browser, incidentUrl));
  await word.fill("r");
  await word.press("Enter");
  await expect(confirm).toBeVisible();
  expect((await runOutput(free)).text).toMatch(/Mem:/);
  await word.fill("rm");
  await word.press("Enter");
  await expect(confirm).toHaveCount(0);
  await expect.poll(async () => (await runOutput(free)).text, { timeout: 15_000 }).toBe("");
  await expect(free.getByText("exit 0")).toBeVisible();

  // c cancels what is running.
  const loopText = 'while [ "$(docker exec corporate-intel-redis redis-cli LASTSAVE)" == "$LAST_SAVE" ]; do\n  sleep 5\ndone';
  const row = vars.getByRole("listitem").filter({ has: page.getByLabel("$LAST_SAVE", { exact: true }) });
  await row.getByLabel("empty on purpose").check();
  await row.getByRole("button", { name: "Set LAST_SAVE" }).click();
  await expect(row).toContainText("(empty on purpose)");
  const loop = card(page, loopText);
  await loop.focus();
  await page.keyboard.press("r");
  await expect(loop.getByText("running…")).toBeVisible();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("c");
  await expect(loop.getByText(/cancelled/)).toBeVisible();

  // n goes to the next step that is not done.
  await runnables.first().focus();
  await page.keyboard.press("n");
  const step = current(page).locator("xpath=ancestor::li[@data-step-status][1]");
  await expect(step).toHaveCount(1);
  expect(["done", "skipped"]).not.toContain(await step.getAttribute("data-step-status"));

  // g t opens the commander's view.
  await page.keyboard.press("g");
  await page.keyboard.press("t");
  await expect(page).toHaveURL(`${incidentUrl}/timeline`);
});
