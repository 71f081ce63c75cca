import type { ChildProcess } from "node:child_process";
import { chmodSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import * as pty from "node-pty";
import { createAccounts, signedInPage } from "./accounts";
import { callProcedure, startAppServer, stopAppServer } from "./app-server";
import { freePort } from "./ports";
import { terminalText } from "./run-output";

// A noisy command with its runner's page open: the page must not set the command's pace.

const FLOOD = "yes 'a line of flood output, as a noisy log would print it' | head -c 50000000; echo the-flood-ended";
const RUNBOOK = ["# Flood", "", "## Read the logs", "", "```bash", FLOOD, "```", ""].join("\n");

let dir: string;
let base: string;
let server: ChildProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-flood-"));
  chmodSync(dir, 0o711);
  await mkdir(path.join(dir, "runbooks"));
  await writeFile(path.join(dir, "runbooks", "flood.md"), RUNBOOK);
  createAccounts(path.join(dir, "data"), ["responder"]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startAppServer({
    port,
    env: { RUNLOG_DATA_DIR: path.join(dir, "data"), RUNLOG_RUNBOOKS_DIR: path.join(dir, "runbooks") },
  });
});
test.afterAll(async () => {
  if (server) await stopAppServer(server);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The same command straight in node-pty, read as fast as it comes: the time it needs on this machine now. */
function rawMs(): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const p = pty.spawn("/bin/bash", ["--noprofile", "--norc", "-c", FLOOD], {
      cols: 120,
      rows: 24,
      env: { PATH: process.env.PATH ?? "" },
    });
    p.onData(() => undefined);
    p.onExit(() => resolve(performance.now() - started));
  });
}

test("a 50 MB flood with its runner's page open runs near raw speed; the page ends on the last line; Download output has head and tail", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const page = await signedInPage(browser, base, "responder");
  await page.goto("/runbooks/flood");
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  const incidentId = new URL(page.url()).pathname.split("/").pop()!;
  const card = page.getByRole("article", { name: FLOOD, exact: true });
  const raw = await rawMs();
  await card.getByRole("button", { name: "Run", exact: true }).click();
  await expect(card.getByText("exit 0", { exact: true })).toBeVisible({ timeout: 120_000 });

  type View = { runs: { id: string; startedAt: string; finishedAt: string | null }[] };
  const { runs } = await callProcedure<View>(base, "incidents.get", { id: incidentId }, true, await cookieOf(page));
  const run = runs.at(-1)!;
  const commandMs = new Date(run.finishedAt!).getTime() - new Date(run.startedAt).getTime();
  // Before, the runner's tab set the pace (xterm.js parsing ~5 MB/s here: 5x raw and more).
  expect(commandMs, `the command took ${commandMs} ms, raw ${Math.round(raw)} ms`).toBeLessThan(3 * raw + 2000);

  // The runner's screen ends on the command's last line (it skipped ahead if it could not keep up:
  // whether it had to depends on this machine's speed, so that is tested in live-run.test.ts).
  await expect
    .poll(async () => (await terminalText(card.getByRole("region", { name: `Output of ${FLOOD}` }))) ?? "", { timeout: 30_000 })
    .toContain("the-flood-ended");
  const download = await page.request.get(`/incidents/${incidentId}/runs/${run.id}/output?download=1`);
  expect(download.status()).toBe(200);
  const text = await download.text();
  expect(text.startsWith("a line of flood output")).toBe(true);
  expect(text).toContain("the-flood-ended");
  expect(text).toMatch(/dropped/);

  // Reloaded, the finished run's terminal starts from its last screen, not from megabytes of
  // stored output replayed in the browser, and says what it left out.
  await page.reload();
  const replayed = card.getByRole("region", { name: `Output of ${FLOOD}` });
  await expect.poll(async () => (await terminalText(replayed)) ?? "", { timeout: 30_000 }).toContain("the-flood-ended");
  await expect(card.getByRole("status").filter({ hasText: /of earlier output not shown here — Download output$/ })).toBeVisible();
  await page.screenshot({ path: path.join(os.tmpdir(), "runlog-flood.png") });
  await page.context().close();
});

async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}
