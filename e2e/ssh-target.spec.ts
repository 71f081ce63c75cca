import { execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startSshd, type TestSshd } from "../server/testing/sshd";
import { createAccounts, signedInPage } from "./accounts";
import { startAppServer, stopAppServer } from "./app-server";
import { freePort } from "./ports";
import { addSshTargetByCli } from "./target-cli";
import { expectOutput, runOutput } from "./run-output";

// A drill on an SSH target: Debian's sshd on loopback (throwaway keys, as this test's user),
// defined as target db-1 with the CLI; a runbook of our own runs there, its target named by the
// incident's $SHARD.

const RUNBOOK = [
  "---",
  'target: "db-${SHARD}"',
  "variables:",
  '  SHARD: { description: "The shard the alert is about (1 for db-1)" }',
  "---",
  "# SSH target drill",
  "",
  "**Severity:** High",
  "",
  "## 1. Look around on the database host",
  "",
  "```bash",
  'cd /tmp && DRILL_NOTE="left by step one" && hostname',
  "```",
  "",
  "```bash",
  'echo "note=$DRILL_NOTE pwd=$PWD"',
  "```",
  "",
  "## 2. Wait for the replica",
  "",
  "```bash",
  "sleep 300",
  "```",
].join("\n");
const LOOK = 'cd /tmp && DRILL_NOTE="left by step one" && hostname';
const ECHO = 'echo "note=$DRILL_NOTE pwd=$PWD"';

let dir: string;
let base: string;
let server: ChildProcess;
let sshd: TestSshd;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-ssh-drill-"));
  chmodSync(dir, 0o711);
  await mkdir(path.join(dir, "runbooks"));
  await writeFile(path.join(dir, "runbooks", "ssh-drill.md"), RUNBOOK);
  const dataDir = path.join(dir, "data");
  createAccounts(dataDir, ["responder"]);
  sshd = await startSshd(path.join(dir, "sshd"));
  addSshTargetByCli(dataDir, "db-1", sshd);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startAppServer({
    port,
    env: { RUNLOG_DATA_DIR: dataDir, RUNLOG_RUNBOOKS_DIR: path.join(dir, "runbooks"), RUNLOG_CANCEL_GRACE_MS: "1000" },
  });
});
test.afterAll(async () => {
  if (server) await stopAppServer(server);
  await sshd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const card = (page: Page, text: string) => page.getByRole("article", { name: text, exact: true });

/** The pids of `sleep 300` processes on this machine (the target is this machine, reached through ssh). */
function sleepers(): string[] {
  try {
    return execFileSync("pgrep", ["-x", "-f", "sleep 300"], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

test("a drill on an SSH target: the card says where, the session carries over there, Cancel leaves nothing behind, a changed host key is refused", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await signedInPage(browser, base, "responder");
  await page.goto("/runbooks/ssh-drill");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const incidentUrl = page.url();

  // Until $SHARD is set the target is not known, and the card says so.
  const look = card(page, LOOK);
  await expect(look.getByLabel("Target problem")).toContainText("set $SHARD first");
  const vars = page.getByRole("region", { name: "Variables" });
  await vars.getByLabel("$SHARD").fill("1");
  await vars.getByRole("button", { name: "Set SHARD" }).click();
  await expect(look.getByLabel("Runs on")).toHaveText(`on db-1 · ssh ${sshd.user}@127.0.0.1:${sshd.port}`);
  await expect(card(page, "sleep 300").getByLabel("Runs on")).toHaveText(`on db-1 · ssh ${sshd.user}@127.0.0.1:${sshd.port}`);

  // A variable and the directory set by one command on the target are there for the next one.
  await look.getByRole("button", { name: "Run", exact: true }).click();
  await expect(look.getByText("exit 0", { exact: true })).toBeVisible({ timeout: 20_000 });
  expect((await runOutput(look)).text).toContain(execFileSync("hostname", { encoding: "utf8" }).trim());
  const echo = card(page, ECHO);
  await echo.getByRole("button", { name: "Run", exact: true }).click();
  await expectOutput(echo, "note=left by step one pwd=/tmp", 20_000);
  await expect(page.getByRole("list", { name: "Shell variables" })).toContainText("DRILL_NOTE=left by step one");

  // Cancel of a long command stops it on the target: no sleep of it is left there.
  const before = new Set(sleepers());
  const wait = card(page, "sleep 300");
  await wait.getByRole("button", { name: "Run", exact: true }).click();
  await expect(wait.getByText("running…")).toBeVisible();
  await expect.poll(() => sleepers().filter((p) => !before.has(p)).length, { timeout: 20_000 }).toBe(1);
  await wait.getByRole("button", { name: "Cancel" }).click();
  await expect(wait.getByText(/^cancelled/)).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => sleepers().filter((p) => !before.has(p)).length, { timeout: 20_000 }).toBe(0);

  // The host was re-installed: its new key is refused, with the pinned and offered fingerprints.
  const pinned = sshd.fingerprint();
  await sshd.replaceHostKey();
  await echo.getByRole("button", { name: "Run", exact: true }).click();
  await expect(echo.getByText("exit 255", { exact: true })).toBeVisible({ timeout: 20_000 });
  const refused = (await runOutput(echo)).text;
  expect(refused).toContain(`pinned ${pinned} (ssh-ed25519); offered now ${sshd.fingerprint()} (ssh-ed25519). Nothing was run.`);
  expect(refused).not.toContain("note=");

  // The timeline and the export say where each command ran.
  const timeline = page.getByRole("list", { name: "Timeline events" });
  await expect(timeline.getByRole("listitem").filter({ hasText: `on db-1 (ssh ${sshd.user}@127.0.0.1:${sshd.port})` })).toHaveCount(4);
  const incidentId = new URL(incidentUrl).pathname.split("/").pop()!;
  const md = await page.request.get(`/incidents/${incidentId}/export?format=md`);
  expect(md.status()).toBe(200);
  const text = await md.text();
  expect(text).toContain(`**Ran on:** db-1 (ssh ${sshd.user}@127.0.0.1:${sshd.port})`);
  expect(text).toContain(`Ran on db-1 (ssh ${sshd.user}@127.0.0.1:${sshd.port}): sleep 300`);
  await page.screenshot({ path: path.join(os.tmpdir(), "runlog-ssh-drill.png"), fullPage: true });
  await page.context().close();
});
