import { chmodSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { createAccounts, signedInPage } from "./accounts";
import { startAppServer, stopAppServer } from "./app-server";
import { freePort } from "./ports";
import { runOutput } from "./run-output";

// Run step / Run all from here, watched by two people in two browsers, on runbooks of this test's
// own, served by a server of its own (so that it can also be restarted in the middle of a run-all).

const HEALTH = [
  "# Runbook: Service health",
  "**Severity:** High",
  "## 1. Check the service",
  "```bash",
  'echo "service: up"',
  "# expect: service: up",
  'echo "replication=${REPLICATION_MODE:-off}"',
  "# expect: /replication=(sync|async)/",
  "```",
  "- [ ] Tell the team in #incidents",
  "## 2. Look at the queue",
  "```bash",
  "echo queue=0",
  "```",
  "```promql",
  "sum(rate(http_requests_total[5m]))",
  "```",
  "## 3. Verify",
  "```bash",
  'echo "all good"',
  "```",
].join("\n");

const WORKER = [
  "# Runbook: Worker restart",
  "**Severity:** High",
  "## 1. Restart the worker",
  "```bash",
  "mkdir -p restarted-worker && echo restarted",
  "```",
  "## 2. Wait for the gate",
  "```bash",
  "until [ -e gate ]; do sleep 0.1; done; echo through the gate",
  "echo after the gate",
  "```",
].join("\n");

let dir: string;
let dataDir: string;
let port: number;
let base: string;
let server: ChildProcess;
const serve = () =>
  startAppServer({
    port,
    env: { RUNLOG_DATA_DIR: dataDir, RUNLOG_RUNBOOKS_DIR: path.join(dir, "runbooks"), RUNLOG_CANCEL_GRACE_MS: "500" },
  });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-run-all-"));
  // The run account must reach the work folder inside.
  chmodSync(dir, 0o711);
  await mkdir(path.join(dir, "runbooks"));
  await writeFile(path.join(dir, "runbooks", "service-health.md"), HEALTH);
  await writeFile(path.join(dir, "runbooks", "worker-restart.md"), WORKER);
  dataDir = path.join(dir, "data");
  createAccounts(dataDir, ["responder", "commander"]);
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await serve();
});
test.afterAll(async () => {
  if (server) await stopAppServer(server);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function openIncident(page: Page, slug: string): Promise<string> {
  await page.goto(`/runbooks/${slug}`);
  await page.getByRole("button", { name: "Start incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/inc_/);
  return page.url().split("/").at(-1)!;
}
const step = (page: Page, title: string) => page.getByRole("region", { name: title, exact: true });
const status = (page: Page) => page.getByRole("region", { name: "Run all" }).getByRole("status", { name: "Run all status" });
const card = (page: Page, text: string) => page.getByRole("article").filter({ hasText: text }).first();
/** The whole output of the card's latest run, from the server. */
const outputOf = async (c: ReturnType<typeof card>) => (await runOutput(c)).text.trim();

test("Run all stops at a failed check for both viewers; the second person sets the variable and resumes; the export tells it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ann = await signedInPage(browser, base, "responder");
  const incidentId = await openIncident(ann, "service-health");
  const dana = await signedInPage(browser, base, "commander");
  await dana.goto(`/incidents/${incidentId}`);
  await expect(dana.getByLabel("Live updates")).toHaveText("● live");

  await step(ann, "1. Check the service").getByRole("button", { name: "Run all from here" }).click();
  // Both see where it stopped and why: the replication check, which exited 0 but printed "off".
  for (const page of [ann, dana]) {
    await expect(status(page)).toHaveText(
      /^Run all stopped at echo "replication=\$\{REPLICATION_MODE:-off\}": check failed: expected: \/replication=\(sync\|async\)\/$/,
    );
    await expect(card(page, 'echo "replication=').getByText("check failed", { exact: false })).toBeVisible();
    await expect(page.getByLabel("Step 1. Check the service: failed")).toBeVisible();
    await expect(page.getByLabel("Why 1. Check the service stopped")).toContainText("check failed");
  }
  expect(await outputOf(card(ann, 'echo "replication='))).toBe("replication=off");
  // Nothing after the stop ran.
  await expect(card(ann, "echo queue=0").getByRole("link", { name: "Full output" })).toHaveCount(0);

  // Dana (not who started it) sets the variable and resumes: the failed command runs again, then the rest.
  const vars = dana.getByRole("region", { name: "Variables" });
  await vars.getByLabel("$REPLICATION_MODE").fill("sync");
  await vars.getByRole("button", { name: "Set REPLICATION_MODE" }).click();
  await expect(vars).toContainText("= sync");
  await dana.getByRole("region", { name: "Run all" }).getByRole("button", { name: "Resume" }).click();
  for (const page of [ann, dana]) {
    await expect(status(page)).toHaveText("Run all from “1. Check the service” completed: 4 commands.");
    await expect(page.getByRole("list", { name: "Open check items" })).toHaveText("Tell the team in #incidents");
    await expect(card(page, 'echo "replication=').getByText("check passed")).toBeVisible();
  }
  expect(await outputOf(card(ann, 'echo "all good"'))).toBe("all good");
  expect(await outputOf(card(ann, 'echo "replication='))).toBe("replication=sync");

  // The commander's view filters by the run-all events.
  await dana.goto(`/incidents/${incidentId}/timeline`);
  const types = dana.getByLabel("Filter by type");
  for (const t of ["runall.started", "runall.stopped", "runall.resumed", "runall.completed"])
    await expect(types.locator(`option[value="${t}"]`)).toHaveCount(1);

  // The export lists the run-all with its stop and its resume (read as data from the JSON export; the Markdown has the same lines).
  const pm = (await (await dana.request.get(`/incidents/${incidentId}/export?format=json`)).json()) as {
    runAlls: { from: string; startedBy: string; commands: number; outcome: string; history: { by: string; what: string }[] }[];
  };
  expect(pm.runAlls).toHaveLength(1);
  expect(pm.runAlls[0]).toMatchObject({
    from: "1. Check the service",
    startedBy: "ann@runlog.test",
    commands: 4,
    outcome: "Run all completed: 5 ran, 0 skipped; still open: Tell the team in #incidents",
  });
  expect(pm.runAlls[0]!.history.map((x) => `${x.by}: ${x.what}`)).toEqual([
    "ann@runlog.test: Run all from “1. Check the service” (4 commands)",
    'runlog: Run all stopped at echo "replication=${REPLICATION_MODE:-off}": check failed: expected: /replication=(sync|async)/',
    'dana@runlog.test: Run all resumed at echo "replication=${REPLICATION_MODE:-off}"',
    "runlog: Run all completed: 5 ran, 0 skipped; still open: Tell the team in #incidents",
  ]);
  const md = await (await dana.request.get(`/incidents/${incidentId}/export?format=md`)).text();
  expect(md).toContain("## Run step and Run all\n\n- Run all from “1. Check the service”, 4 commands, started");
});

test("a mutating command inside Run step waits for a confirmation, visible to both, and runs as whoever confirms", async ({ browser }) => {
  test.setTimeout(90_000);
  const ann = await signedInPage(browser, base, "responder");
  const incidentId = await openIncident(ann, "worker-restart");
  const dana = await signedInPage(browser, base, "commander");
  await dana.goto(`/incidents/${incidentId}`);
  await expect(dana.getByLabel("Live updates")).toHaveText("● live");

  await step(ann, "1. Restart the worker").getByRole("button", { name: "Run step" }).click();
  for (const page of [ann, dana])
    await expect(status(page)).toHaveText("Run all paused: confirm mkdir -p restarted-worker && echo restarted (1 of 1)");
  // It waits: nothing ran.
  await expect(card(ann, "mkdir -p restarted-worker").getByRole("link", { name: "Full output" })).toHaveCount(0);
  const confirm = dana.getByRole("region", { name: "Run all" }).getByRole("dialog", { name: /^Confirm/ });
  await expect(confirm.getByLabel("Command as it will run")).toHaveText("mkdir -p restarted-worker && echo restarted");
  await confirm.getByRole("button", { name: "Confirm and run" }).click();
  for (const page of [ann, dana]) await expect(status(page)).toHaveText("Run step from “1. Restart the worker” completed: 1 command.");
  expect(await outputOf(card(ann, "mkdir -p restarted-worker"))).toBe("restarted");
  const timeline = ann.getByRole("list", { name: "Timeline events" });
  await expect(timeline.getByRole("listitem").filter({ hasText: "Ran mkdir -p restarted-worker" })).toContainText("dana@runlog.test");
});

test("a server restart during a run-all records it as interrupted at its command, and Resume works after", async ({ browser }) => {
  test.setTimeout(120_000);
  const ann = await signedInPage(browser, base, "responder");
  const incidentId = await openIncident(ann, "worker-restart");
  await rm(path.join(dataDir, "work", "gate"), { force: true });
  await step(ann, "2. Wait for the gate").getByRole("button", { name: "Run step" }).click();
  await expect(status(ann)).toHaveText(
    "Run step from “2. Wait for the gate”: on until [ -e gate ]; do sleep 0.1; done; echo through the gate (1 of 2)",
  );

  await stopAppServer(server, "SIGKILL");
  server = await serve();
  await ann.goto(`/incidents/${incidentId}`);
  await expect(status(ann)).toHaveText(
    "Run all stopped at until [ -e gate ]; do sleep 0.1; done; echo through the gate: interrupted (the server stopped while it ran)",
  );
  await writeFile(path.join(dataDir, "work", "gate"), "");
  await ann.getByRole("region", { name: "Run all" }).getByRole("button", { name: "Resume" }).click();
  await expect(status(ann)).toHaveText("Run step from “2. Wait for the gate” completed: 2 commands.");
  expect(await outputOf(card(ann, "echo after the gate"))).toBe("after the gate");
  const pm = (await (await ann.request.get(`/incidents/${incidentId}/export?format=json`)).json()) as {
    runAlls: { history: { by: string; what: string }[] }[];
  };
  expect(pm.runAlls[0]!.history.map((x) => `${x.by}: ${x.what}`)).toEqual([
    "ann@runlog.test: Run step “2. Wait for the gate” (2 commands)",
    "runlog: Run all stopped at until [ -e gate ]; do sleep 0.1; done; echo through the gate: interrupted (the server stopped while it ran)",
    "ann@runlog.test: Run all resumed at until [ -e gate ]; do sleep 0.1; done; echo through the gate",
    "runlog: Run all completed: 3 ran, 0 skipped",
  ]);
});
