import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { stateFile } from "./e2e-env";

test("after a short drill the Markdown export holds every command run, and a viewer may export too", async ({ page, browser }) => {
  await page.goto("/runbooks/backup-failure");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const incidentUrl = page.url();
  const ran: string[] = [];
  for (const text of ["df -h | grep backup", "free -h", "ls -lth /var/backups/postgres/ | head -10"]) {
    const card = page.getByRole("article", { name: text, exact: true });
    await card.getByRole("button", { name: "Run", exact: true }).click();
    await expect(card.getByText(/^exit \d+$/)).toBeVisible();
    ran.push(text);
  }
  const controls = page.getByRole("region", { name: "Incident controls" });
  await controls.getByLabel("Note").fill("nothing mounted at /var/backups");
  await controls.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Timeline events" })).toContainText("Note: nothing mounted at /var/backups");

  await page.getByText("Export ▾").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Markdown (.md)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^postmortem-inc_\w+\.md$/);
  const md = await readFile((await download.path())!, "utf8");
  expect(md).toContain("# Postmortem log: Backup Failure");
  for (const text of ran) expect(md).toContain(`\`\`\`sh\n${text}\n\`\`\``);
  expect(md).toContain("nothing mounted at /var/backups");
  expect(md).toMatch(/Hash chain intact: \d+ events, head `[0-9a-f]{64}`/);
  expect(md).toContain("## Root cause analysis (to fill in)\n\n- [ ] Storage Issues: Disk space exhaustion");

  // A viewer exports the printable page; someone signed out gets nothing.
  const viewer = await browser.newContext({ storageState: stateFile("viewer") });
  const vpage = await viewer.newPage();
  await vpage.goto(`${incidentUrl}/export?format=html`);
  await expect(vpage.getByRole("heading", { name: "Postmortem log: Backup Failure" })).toBeVisible();
  await expect(vpage.getByRole("heading", { name: "Commands run" })).toBeVisible();
  await viewer.close();
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const res = await anon.request.get(`${incidentUrl}/export?format=json`);
  expect(res.status()).toBe(401);
  await anon.close();
});
