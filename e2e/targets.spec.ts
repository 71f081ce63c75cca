import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startSshd, type TestSshd } from "../server/testing/sshd";
import { E2E_DATA_DIR, stateFile } from "./e2e-env";
import { addSshTargetByCli } from "./target-cli";

// The admin's Targets page against a real sshd on loopback: the target is added with the CLI
// on the server, as the README says, and tested from the page.

let dir = "";
let sshd: TestSshd;
test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-e2e-sshd-"));
  sshd = await startSshd(path.join(dir, "sshd"));
  addSshTargetByCli(E2E_DATA_DIR, "e2e-host", sshd, ["--approval", "destructive"]);
});
test.afterAll(async () => {
  await sshd?.stop();
  await rm(dir, { recursive: true, force: true });
  execFileSync(process.execPath, ["--import", "tsx", "server/cli/main.ts", "target", "remove", "e2e-host"], {
    env: { ...process.env, RUNLOG_DATA_DIR: E2E_DATA_DIR },
    stdio: "ignore",
  });
});

test.use({ storageState: stateFile("admin") });

test("an admin sees the targets with their pinned host keys, tests one, and a changed host key is refused with both fingerprints", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Targets" }).click();
  const row = page.getByRole("table", { name: "Targets" }).getByRole("row").filter({ hasText: "e2e-host" });
  await expect(row).toContainText(`${sshd.user}@127.0.0.1:${sshd.port}`);
  await expect(row).toContainText(`${sshd.fingerprint()} (ssh-ed25519)`);
  await expect(row).toContainText("key stored (encrypted)");
  await expect(row).toContainText("commander for destructive commands");
  await row.getByRole("button", { name: "Test e2e-host" }).click();
  await expect(row.getByRole("status")).toHaveText(/^connected, ran true in \d+ ms$/);

  const pinned = sshd.fingerprint();
  await sshd.replaceHostKey();
  await page.reload();
  await row.getByRole("button", { name: "Test e2e-host" }).click();
  await expect(row.getByRole("status")).toContainText(
    `pinned ${pinned} (ssh-ed25519); offered now ${sshd.fingerprint()} (ssh-ed25519). Nothing was run.`,
  );
});

test("the Targets page is for admins only", async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: stateFile("commander") });
  const page = await ctx.newPage();
  const res = await page.goto("/admin/targets");
  expect(res?.status()).toBe(404);
  await ctx.close();
});
