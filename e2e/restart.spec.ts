import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The app's own server, started and stopped by the test (the shared e2e server must keep running).
const PORT = Number(process.env.E2E_RESTART_PORT ?? 3211);
const BASE = `http://127.0.0.1:${PORT}`;
const LOOP = 'while [ "$(docker exec corporate-intel-redis redis-cli LASTSAVE)" == "$LAST_SAVE" ]; do\n  sleep 5\ndone';

function startServer(dataDir: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), RUNLOG_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let log = "";
    proc.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes("runlog: serving")) resolve(proc);
    });
    proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    proc.once("exit", (code) => reject(new Error(`server exited (${code}): ${log}`)));
  });
}

async function call<T>(procedure: string, input: unknown, query = false): Promise<T> {
  const res = query
    ? await fetch(`${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
    : await fetch(`${BASE}/api/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: JSON.stringify({ json: input }) });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${procedure}: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

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
  events: { type: string; runId: string | null; payload: { status?: string } }[];
}

async function runLoop(incidentId: string): Promise<string> {
  const view = await call<View>("incidents.get", { id: incidentId }, true);
  const loop = view.runbook.sections.flatMap((s) => s.content.flatMap((c) => c.block?.commands ?? [])).find((c) => c.text === LOOP)!;
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
    let server = await startServer(dataDir);
    const { id: incidentId } = await call<{ id: string }>("incidents.create", { runbookSlug: "backup-failure" });

    // A clean stop (SIGTERM): the command is killed and its run recorded before the server exits.
    const stopped = await runLoop(incidentId);
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    server = await startServer(dataDir);
    expect(await statusOf(incidentId, stopped)).toEqual({ run: "interrupted", event: "interrupted" });

    // A crash (SIGKILL): nothing is recorded then; the next start-up marks the run interrupted.
    const crashed = await runLoop(incidentId);
    expect((await statusOf(incidentId, crashed)).run).toBe("running");
    server.kill("SIGKILL");
    await new Promise((r) => server.once("exit", r));
    server = await startServer(dataDir);
    expect(await statusOf(incidentId, crashed)).toEqual({ run: "interrupted", event: "interrupted" });
    // The crashed server's pty closed: the kernel hung up its shell, and the loop died with it.
    // (The shell's command line holds the run's folder in the data dir.)
    await expect.poll(() => processesMentioning(path.join(dataDir, "runs")), { timeout: 10_000 }).toEqual([]);
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
