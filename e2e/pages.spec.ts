import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible } from "./accessibility";
import { stateFile } from "./e2e-env";

// Every page, as the people who use it see it: no serious or critical accessibility violation
// (axe-core, WCAG 2.1 A and AA), and on a phone (390×844) no page wider than the screen and no
// button smaller than a thumb. A screenshot of each page (its first screen) at both sizes is attached to the report.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const card = (page: Page, text: string) => page.getByRole("article", { name: text, exact: true });
const LOOP = 'while [ "$(docker exec corporate-intel-redis redis-cli LASTSAVE)" == "$LAST_SAVE" ]; do\n  sleep 5\ndone';

async function checkPage(page: Page, name: string, info: TestInfo, fullPage = false): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await expectAccessible(page, name);
  await page.screenshot({ path: info.outputPath(`${name}-desktop.png`), fullPage });
  await info.attach(`${name} (desktop)`, { path: info.outputPath(`${name}-desktop.png`), contentType: "image/png" });

  await page.setViewportSize(PHONE);
  // Wider than the screen: the innermost elements that stick out, to say what to fix.
  const wide = await page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
    const out = (el: Element) => el.getBoundingClientRect().right > window.innerWidth + 1;
    // A terminal's rows reach past its box, which scrolls them: named only when nothing else sticks out.
    const culprits = [...document.querySelectorAll("body *")]
      .filter((el) => out(el) && ![...el.children].some(out) && !el.closest(".xterm"))
      .slice(0, 8)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className.toString().split(" ").slice(0, 4).join(".")} "${(el.textContent ?? "").trim().slice(0, 30)}"`,
      );
    return culprits.length > 0 ? culprits : [`${document.documentElement.scrollWidth} px wide, from a terminal's content`];
  });
  expect(wide, `${name} is wider than 390 px`).toEqual([]);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, select, input:not([type=checkbox]):not([type=radio]), summary")]
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().width > 0)
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().height)}px`,
      ),
  );
  expect(small, `controls under 44 px on ${name} at 390 px`).toEqual([]);
  await page.screenshot({ path: info.outputPath(`${name}-phone.png`), fullPage });
  await info.attach(`${name} (phone)`, { path: info.outputPath(`${name}-phone.png`), contentType: "image/png" });
}

test("sign-in", async ({ browser }, info) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to Runlog" })).toBeVisible();
  await checkPage(page, "sign-in", info);
  await context.close();
});

test("home, runbook, help", async ({ page }, info) => {
  await page.goto("/");
  await expect(page.getByRole("searchbox", { name: "Search runbooks" })).toBeFocused();
  await checkPage(page, "home", info, true);
  await page.getByRole("searchbox", { name: "Search runbooks" }).fill("backup");
  await expect(page.getByRole("list", { name: "Search results" })).toContainText("Backup Failure");
  await checkPage(page, "home-search", info);
  await page.goto("/runbooks/backup-failure");
  await expect(page.getByRole("button", { name: "Start incident" })).toBeVisible();
  await checkPage(page, "runbook", info);
  await page.goto("/help");
  await checkPage(page, "help", info);
});

test("incident with a run going and a confirmation open, commander's view, export", async ({ page }, info) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const incidentUrl = page.url();

  const vars = page.getByRole("region", { name: "Variables" });
  const row = vars.getByRole("listitem").filter({ has: page.getByLabel("$LAST_SAVE", { exact: true }) });
  await row.getByLabel("empty on purpose").check();
  await row.getByRole("button", { name: "Set LAST_SAVE" }).click();
  await expect(row).toContainText("(empty on purpose)");
  const loop = card(page, LOOP);
  await loop.getByRole("button", { name: "Run", exact: true }).click();
  await expect(loop.getByText("running…")).toBeVisible();

  const free = card(page, "free -h");
  await free.getByRole("button", { name: "Edit" }).click();
  await free.getByRole("textbox").fill("echo checked");
  await free.getByRole("button", { name: "Run edited" }).click();
  await expect(free.getByRole("dialog", { name: /^Confirm/ })).toBeVisible();
  await checkPage(page, "incident", info);

  await page.goto(`${incidentUrl}/timeline`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await checkPage(page, "commander-view", info);
  await page.goto(`${incidentUrl}/export?format=html`);
  await checkPage(page, "export-html", info);

  await page.goto(incidentUrl);
  await card(page, LOOP).getByRole("button", { name: "Cancel" }).click();
  await expect(card(page, LOOP).getByText(/cancelled/)).toBeVisible();
  // A finished run's terminal keeps its width (80 columns here, wider than a phone): its box scrolls, not the page.
  await page.reload();
  await expect(card(page, LOOP).getByRole("region", { name: /^Output of/ })).toBeVisible();
  await checkPage(page, "incident-finished", info);
});

test("accounts, targets and notifications (admin)", async ({ browser }, info) => {
  const context = await browser.newContext({ storageState: stateFile("admin") });
  const page = await context.newPage();
  for (const [name, url] of [
    ["accounts", "/admin/users"],
    ["targets", "/admin/targets"],
    ["notifications", "/admin/notifications"],
  ] as const) {
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await checkPage(page, name, info);
  }
  await context.close();
});
