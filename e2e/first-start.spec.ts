import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./accessibility";
import { startAppServer, stopAppServer, type AppServer } from "./app-server";
import { freePort } from "./ports";

// A fresh data folder, no accounts: the server prints the one-time setup link, and that link is
// all it takes to get in. Its own server (the shared one has accounts already), signed out.
test.use({ storageState: { cookies: [], origins: [] } });

let server: AppServer;
let dataDir = "";
let base = "";
test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "runlog-e2e-first-start-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startAppServer({ port, env: { RUNLOG_DATA_DIR: dataDir } });
});
test.afterAll(async () => {
  await stopAppServer(server);
  await rm(dataDir, { recursive: true, force: true });
});

test("the first admin signs up through the printed link, which then stops working", async ({ page }) => {
  const link = /runlog: no accounts yet\. Create the first admin within 30 minutes.*\n\s+(\S+\/setup\?token=\S+)/.exec(
    server.output(),
  )?.[1];
  expect(link, server.output()).toBeTruthy();
  expect(link!.startsWith(`${base}/setup?token=`)).toBe(true);

  // A wrong token is refused with what to do instead.
  await page.goto(`${base}/setup?token=wrong`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This setup link has expired, was used, or is not complete");

  await page.goto(link!);
  const form = page.getByRole("form", { name: "Create the first admin" });
  await expect(form).toBeVisible();
  await expectAccessible(page, "setup");
  await form.getByLabel("Email").fill("first@example.com");
  await form.getByLabel("Password (12 characters or more)").fill("short");
  await form.getByLabel("The same password again").fill("short");
  await form.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("Use at least 12 characters.");
  await form.getByLabel("Password (12 characters or more)").fill("a long first password");
  await form.getByLabel("The same password again").fill("a long first password");
  await form.getByRole("button", { name: "Create admin and sign in" }).click();

  // Signed in as the admin, on a home page that says what to do next.
  await expect(page).toHaveURL(`${base}/`);
  await expect(page.getByRole("group", { name: "Next steps" })).toContainText("Nothing is open.");
  await expect(page.getByRole("group", { name: "Next steps" }).getByRole("link", { name: "how" })).toHaveAttribute(
    "href",
    "/help#alerts-in-notifications-out",
  );
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("first@example.com");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("admin");

  // The link was good once: now the installation is set up.
  await page.goto(link!);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Runlog is set up already");
  await expect(page.getByRole("form", { name: "Create the first admin" })).toHaveCount(0);

  // The help page has the section the next steps point to.
  await page.goto(`${base}/help#alerts-in-notifications-out`);
  await expect(page.locator("#alerts-in-notifications-out")).toHaveText("Alerts in, notifications out");
});
