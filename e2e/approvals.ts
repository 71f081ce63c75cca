import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { stateFile } from "./e2e-env";

/** The commander, on a page of the incident already open, approves the request waiting there. */
export async function approveOn(commander: Page): Promise<void> {
  const waiting = commander.getByRole("region", { name: "Approvals waiting" });
  await waiting.getByRole("button", { name: "Approve" }).first().click();
  await expect(waiting).toHaveCount(0);
}

/** A commander opens the incident's commander view in a browser of their own and approves. */
export async function approveAsCommander(browser: Browser, incidentUrl: string): Promise<void> {
  const ctx = await browser.newContext({ storageState: stateFile("commander") });
  const page = await ctx.newPage();
  await page.goto(`${incidentUrl}/timeline`);
  await approveOn(page);
  await ctx.close();
}

/** In a confirmation that asks for a commander's approval: request it, let `approve` give it, wait until it shows. */
export async function requestAndGetApproval(confirm: Locator, approve: () => Promise<void>): Promise<void> {
  await confirm.getByRole("button", { name: "Request approval" }).click();
  await expect(confirm.getByLabel("Approval")).toContainText("Waiting for a commander's approval…");
  await approve();
  await expect(confirm.getByLabel("Approval")).toContainText("Approved by");
}
