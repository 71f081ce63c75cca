import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ACCOUNTS, createAccounts, signInCookie } from "./accounts";
import { callProcedure, startAppServer, stopAppServer } from "./app-server";
import { freePort } from "./ports";

// The app's own server, started and stopped by the test (the shared e2e server must keep running).
// A port of its own per test, kept across the restarts (the page reconnects to the same address).
let PORT = 0;
let BASE = "";
const LOOP = 'while [ "$(docker exec corporate-intel-redis redis-cli LASTSAVE)" == "$LAST_SAVE" ]; do\n  sleep 5\ndone';

const startServer = (dataDir: string) => startAppServer({ port: PORT, env: { RUNLOG_DATA_DIR: dataDir } });
// This server has its own database: its own accounts, and a session for the API calls below.
let cookie = "";
async function startFresh(dataDir: string) {
  PORT = await freePort();
  BASE = `http://127.0.0.1:${PORT}`;
  createAccounts(dataDir, ["responder"]);
  const server = await startServer(dataDir);
  cookie = await signInCookie(BASE, "responder");
  return server;
}
const call = <T>(procedure: string, input: unknown, query = false) => callProcedure<T>(BASE, procedure, input, query, cookie);

function processesMentioning(text: string): string[] {
  try {
    return execFileSync("pgrep", ["-f", text], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch (err) {
    // pgrep exits 1 when nothing matches; anything else (no pgrep at all) must not pass silently.
    if ((err as { status?: number }).status === 1) return [];
    throw err;
  }
}

interface View {
  runbook: { sections: { content: { kind: string; block?: { commands: { id: string; text: string }[] } }[] }[] };
  runs: { id: string; status: string }[];
  events: { seq: number; type: string; runId: string | null; payload: { status?: string } }[];
}

async function runLoop(incidentId: string): Promise<string> {
  const view = await call<View>("incidents.get", { id: incidentId }, true);
  const loop = view.runbook.sections.flatMap((s) => s.content.flatMap((c) => c.block?.commands ?? [])).find((c) => c.text === LOOP)!;
  // Empty on purpose: docker is missing here, so the loop compares "" with "" and keeps running.
  await call("incidents.setVariable", { incidentId, name: "LAST_SAVE", value: "", secret: false, emptyOnPurpose: true });
  const { runId } = await call<{ runId: string }>("runs.start", { incidentId, commandId: loop.id });
  return runId;
}

async function statusOf(incidentId: string, runId: string) {
  const view = await call<View>("incidents.get", { id: incidentId }, true);
  const finished = view.events.find((e) => e.runId === runId && e.type === "command.finished");
  return { run: view.runs.find((r) => r.id === runId)!.status, event: finished?.payload.status ?? null };
}

test("runs cut off by a stop or a crash are recorded as interrupted, never left running", async () => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "runlog-restart-"));
  try {
    let server = await startFresh(dataDir);
    const { id: incidentId } = await call<{ id: string }>("incidents.create", { runbookSlug: "backup-failure" });

    // A clean stop (SIGTERM): the command is killed and its run recorded before the server exits.
    const stopped = await runLoop(incidentId);
    await stopAppServer(server, "SIGTERM");
    server = await startServer(dataDir);
    expect(await statusOf(incidentId, stopped)).toEqual({ run: "interrupted", event: "interrupted" });

    // A crash (SIGKILL): nothing is recorded then; the next start-up marks the run interrupted.
    const crashed = await runLoop(incidentId);
    expect((await statusOf(incidentId, crashed)).run).toBe("running");
    await stopAppServer(server, "SIGKILL");
    server = await startServer(dataDir);
    expect(await statusOf(incidentId, crashed)).toEqual({ run: "interrupted", event: "interrupted" });
    // The crashed server's pty closed: the kernel hung up its shell, and the loop died with it.
    // (The shell's command line holds the run's folder in the data dir.)
    await expect.poll(() => processesMentioning(path.join(dataDir, "runs")), { timeout: 10_000 }).toEqual([]);
    await stopAppServer(server);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("an open commander's view reconnects after the server restarts and resumes with no gap and no repeat", async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "runlog-resume-"));
  try {
    let server = await startFresh(dataDir);
    const { id: incidentId } = await call<{ id: string }>("incidents.create", { runbookSlug: "backup-failure" });
    // The page signs in to this server (cookies are per host, not per port: this replaces the shared server's).
    const a = ACCOUNTS.responder;
    await page.request.post(`${BASE}/api/auth/sign-in/email`, {
      data: { email: a.email, password: a.password },
      headers: { origin: BASE },
    });
    await page.goto(`${BASE}/incidents/${incidentId}/timeline`);
    const liveBadge = page.getByLabel("Live updates");
    await expect(liveBadge).toHaveText("● live");
    let reloaded = false;
    page.on("framenavigated", () => (reloaded = true));

    const runId = await runLoop(incidentId);
    const timeline = page.getByRole("list", { name: "Timeline events" });
    await expect(timeline).toContainText("Ran while");

    // The connection drops with the server; the events the next start-up records (the run it
    // found cut off) are written while this page is not connected.
    await stopAppServer(server, "SIGKILL");
    await expect(liveBadge).toHaveText("○ reconnecting…");
    server = await startServer(dataDir);
    await expect(liveBadge).toHaveText("● live", { timeout: 20_000 });
    await expect(timeline.getByRole("listitem").filter({ hasText: "Finished" })).toContainText("interrupted");
    await call("incidents.addNote", { incidentId, text: "back after the restart" });
    await expect(timeline).toContainText("Note: back after the restart");

    const view = await call<View>("incidents.get", { id: incidentId }, true);
    expect(view.events.some((e) => e.runId === runId && e.type === "command.finished")).toBe(true);
    // Every event after the page loaded came over the feed, in order, each once.
    await expect(liveBadge).toHaveAttribute("data-last-seq", String(view.events.at(-1)!.seq));
    await expect(liveBadge).toHaveAttribute("data-gaps", "0");
    await expect(liveBadge).toHaveAttribute("data-repeats", "0");
    await expect(timeline.getByRole("listitem")).toHaveCount(view.events.length);
    expect(reloaded).toBe(false);
    await stopAppServer(server);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
