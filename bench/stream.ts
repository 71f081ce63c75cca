import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import type { ReaderResult } from "./stream-reader";
import WebSocket from "ws";
import { ACCOUNTS, createAccounts, signInCookie } from "../e2e/accounts";
import { callProcedure, startAppServer, stopAppServer } from "../e2e/app-server";
import { CHROMIUM_ARGS, chromiumPath } from "../e2e/browser";
import { STREAM_PATH } from "../server/shared/stream-protocol";
import { readRunStream } from "./stream-client";
import { cpuMeter, pidsNamed, sumCores } from "./cpu";

// The streaming benchmarks run the real server (`server.ts`, production build) as a child
// process and measure it from outside, as a browser or a script would use it.

const MB = 1024 * 1024;
const STREAM_BYTES = 256 * MB;
const FLOOD = "head -c 1G /dev/zero | tr '\\0' x";
/** How long the server has had nothing to do when its idle memory is read. */
const IDLE_AFTER_MS = 20_000;
// base64 of random bytes: 76-column lines, like real log output; 3 input bytes make 4 output.
export const STREAM = `head -c ${Math.round((STREAM_BYTES * 57) / 77)} /dev/urandom | base64 -w 76`;
export const ECHO = "stty -icanon; cat > /dev/null";

export const RUNBOOK = [
  "# Bench",
  "## Stream",
  "```bash",
  STREAM,
  "```",
  "## Flood",
  "```bash",
  FLOOD,
  "```",
  "## Echo",
  "```bash",
  ECHO,
  "```",
  "",
].join("\n");

export interface Server {
  base: string;
  proc: ChildProcess;
  dir: string;
  /** A responder's session: the API and the stream need one, as in the browser. */
  cookie: string;
}

export async function startServer(port: number): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-bench-"));
  // Commands run as Runlog's run account: it passes through this folder to its work folder.
  await chmod(dir, 0o711);
  await writeFile(path.join(dir, "bench.md"), RUNBOOK);
  // Diagnostics for the server's node: a CPU profile, or any flags (BENCH_NODE_ARGS="--trace-gc").
  const nodeArgs = [
    ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
  ];
  createAccounts(path.join(dir, "data"), ["responder"]);
  const proc = await startAppServer({ port, nodeArgs, env: { RUNLOG_DATA_DIR: path.join(dir, "data"), RUNLOG_RUNBOOKS_DIR: dir } });
  const cookie = await signInCookie(`http://127.0.0.1:${port}`, "responder");
  return { base: `127.0.0.1:${port}`, proc, dir, cookie };
}

export const trpc = <T>(server: Server, procedure: string, input: unknown) =>
  callProcedure<T>(`http://${server.base}`, procedure, input, false, server.cookie);

export async function commandIds(server: Server, incidentId: string): Promise<Record<"stream" | "flood" | "echo", string>> {
  type View = { runbook: { sections: { title: string; content: { kind: string; block?: { commands: { id: string }[] } }[] }[] } };
  const view = await callProcedure<View>(`http://${server.base}`, "incidents.get", { id: incidentId }, true, server.cookie);
  const idOf = (title: string) =>
    view.runbook.sections.find((s) => s.title === title)!.content.find((c) => c.kind === "code")!.block!.commands[0]!.id;
  return { stream: idOf("Stream"), flood: idOf("Flood"), echo: idOf("Echo") };
}

/** A client that reads the stream as the browser does: acknowledges every 64 KiB it has taken. */
export function consume(server: Server, runId: string): Promise<{ bytes: number }> {
  const ws = new WebSocket(`ws://${server.base}${STREAM_PATH}?run=${runId}`, { headers: { cookie: server.cookie } });
  return readRunStream(ws);
}

const READER = ["--import", "tsx", "bench/stream-reader.ts"];

/** What a reader process (bench/stream-reader.ts) printed last: its result. */
function readerResult<T = ReaderResult>(proc: ChildProcess, mode: string): Promise<T> {
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    proc.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split("\n").at(-1)!) as T);
      else reject(new Error(`stream-reader ${mode} failed (${code}): ${err}`));
    }),
  );
}

/** `command` read straight from node-pty, by a reader process of its own: what every ratio is measured against. */
export async function rawPty(
  command: string,
): Promise<{ bytes: number; ms: number; cpu: { machine: number; steal: number; reader: number } }> {
  const cpu = cpuMeter();
  const r = await readerResult(spawn(process.execPath, [...READER, "raw", command]), "raw");
  const split = cpu();
  return { bytes: r.bytes, ms: r.ms, cpu: { machine: split.machine, steal: split.steal, reader: r.cpu } };
}

/**
 * A reader process (bench/stream-reader.ts) in `mode`, loaded and waiting, as an open page is;
 * `open` gives it the stream's URL, `result` is what it printed last.
 */
async function startReader<T>(mode: string, cookie: string): Promise<{ open(url: string): void; result: Promise<T> }> {
  const proc = spawn(process.execPath, [...READER, mode, cookie]);
  const result = readerResult<T>(proc, mode);
  await new Promise<void>((resolve) => proc.stdout!.once("data", () => resolve()));
  return { open: (url) => proc.stdin!.write(`${url}\n`), result };
}

/**
 * A run's stream read as the browser reads it (acknowledging), by a process of its own started
 * before the run, as `rawPty` reads a pty. `ms` runs from the start of the run to its end.
 */
export async function leanConsume(server: Server, startRun: () => Promise<string>): Promise<ReaderResult> {
  const reader = await startReader<ReaderResult>("stream", server.cookie);
  const t = performance.now();
  reader.open(`ws://${server.base}${STREAM_PATH}?run=${await startRun()}`);
  const r = await reader.result;
  return { ...r, ms: performance.now() - t };
}

function rssMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, "utf8").then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024);
}

export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/**
 * Keystroke to echo, typed as the runner into a run of `ECHO` by a process of its own (as the
 * stream is read: the harness's heap would add its garbage collections to the keystrokes); the
 * run is stopped after.
 */
export async function echoThroughRun(server: Server, incidentId: string, run: { runId: string; runnerToken: string }): Promise<number[]> {
  const reader = await startReader<{ times: number[] }>("echo-stream", server.cookie);
  reader.open(`ws://${server.base}${STREAM_PATH}?run=${run.runId}&token=${encodeURIComponent(run.runnerToken)}`);
  const { times } = await reader.result;
  await trpc(server, "runs.stop", { incidentId, runId: run.runId });
  return times;
}

/** The same echo straight from node-pty, from a process of its own. */
export async function rawEchoTimes(): Promise<number[]> {
  return (await readerResult<{ times: number[] }>(spawn(process.execPath, [...READER, "echo-raw", ECHO]), "echo-raw")).times;
}

export type StreamPhase = "stream" | "browser" | "echo" | "flood" | "flood-tabs" | "live";

/**
 * From an action (a note posted over HTTP) to its timeline event arriving on another client's
 * server-sent event stream, as a second browser tab would receive it.
 */
export async function liveLatency(server: Server, incidentId: string, n: number, postTo: Server = server): Promise<number[]> {
  const ac = new AbortController();
  const input = encodeURIComponent(JSON.stringify({ json: { id: incidentId, afterSeq: -1 } }));
  const res = await fetch(`http://${server.base}/api/trpc/incidents.events?input=${input}`, {
    signal: ac.signal,
    headers: { accept: "text/event-stream", cookie: server.cookie },
  });
  const reader = res.body!.getReader();
  let buffered = "";
  let waiting = null as ((text: string) => void) | null;
  void (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      waiting?.(buffered);
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const marker = `live-${i}-${Math.random().toString(36).slice(2)}`;
    const t = performance.now();
    const arrived = new Promise<void>((resolve) => {
      waiting = (text) => {
        if (text.includes(marker)) resolve();
      };
    });
    await trpc(postTo, "incidents.addNote", { incidentId, text: marker });
    await arrived;
    times.push(performance.now() - t);
  }
  ac.abort();
  return times;
}

/** Raw and streamed runs alternate this many times; the ratio is the median pair's (one pair moves by ±0.1 on two shared cores). */
const STREAM_PAIRS = 3;

export async function benchStream(port = 3299, phases: StreamPhase[] = ["stream", "browser", "echo", "flood-tabs", "flood", "live"]) {
  const on = (p: StreamPhase) => phases.includes(p);
  const server = await startServer(port);
  try {
    const { id: incidentId } = await trpc<{ id: string }>(server, "incidents.create", { runbookSlug: "bench" });
    const ids = await commandIds(server, incidentId);
    // Idle as started: migrated, signed in, one incident read, nothing streamed yet.
    await new Promise((r) => setTimeout(r, 1000));
    const startedRss = await rssMb(server.proc.pid!);
    const start = (commandId: string) =>
      trpc<{ runId: string; runnerToken: string }>(server, "runs.start", {
        incidentId,
        commandId,
        cols: 120,
        rows: 24,
        confirmed: "mutating",
      });

    // Full path: pty -> server (mask, capture, mirror, ring) -> WebSocket -> acknowledging client,
    // each run paired with raw node-pty right before it.
    const pairs = [];
    for (let i = 0; i < STREAM_PAIRS; i++) {
      const raw = await rawPty(STREAM);
      const cpu = cpuMeter([server.proc.pid!]);
      const streamed = await leanConsume(server, async () => (await start(ids.stream)).runId);
      const split = cpu();
      // A run that failed (it could not start, say) prints little: measuring it would mean nothing.
      if (streamed.bytes < raw.bytes * 0.9) throw new Error(`The streamed run printed ${streamed.bytes} bytes of ${raw.bytes}: it failed.`);
      const rawMbS = raw.bytes / MB / (raw.ms / 1000);
      const streamMbS = streamed.bytes / MB / (streamed.ms / 1000);
      pairs.push({ raw, rawMbS, streamed, streamMbS, split, ratio: streamMbS / rawMbS });
    }
    const ratios = pairs.map((p) => p.ratio);
    const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)]!;
    const { raw, rawMbS, streamed, streamMbS, split } = median;
    const out: Record<string, number> = {
      raw_pty_mb_s: round(rawMbS),
      stream_mb_s: round(streamMbS),
      stream_ratio: round(median.ratio),
      stream_ratio_min: round(Math.min(...ratios)),
      stream_ratio_max: round(Math.max(...ratios)),
      started_rss_mb: round(startedRss),
      // Where the CPU went in the median pair (cores busy, of os.cpus().length): raw is the
      // producer, node-pty's reader and the kernel's pty work; the stream adds the server and this client.
      raw_cpu_machine: round(raw.cpu.machine),
      raw_cpu_reader: round(raw.cpu.reader),
      raw_cpu_steal: round(raw.cpu.steal),
      stream_cpu_machine: round(split.machine),
      stream_cpu_steal: round(split.steal),
      stream_cpu_server: round(split.pids[0]!),
      stream_cpu_client: round(streamed.cpu),
    };

    // Same output into xterm.js in headless Chromium, through the incident page itself.
    if (on("browser")) {
      // Paired: raw node-pty again right before, so that the ratio compares like with like.
      const rawBefore = await rawPty(STREAM);
      const rawBeforeMbS = rawBefore.bytes / MB / (rawBefore.ms / 1000);
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: [...CHROMIUM_ARGS, ...(process.env.BENCH_FLAGS ?? "").split(" ").filter(Boolean)],
      });
      const page = await openIncidentPage(browser, server, incidentId);
      const card = page.getByRole("article", { name: STREAM, exact: true });
      // The page's processes are all running by now (the browser, its renderer, GPU and network helpers).
      const chromiumPids = pidsNamed("chromium");
      const browserCpu = cpuMeter([server.proc.pid!, ...chromiumPids]);
      const t = performance.now();
      await card.getByRole("button", { name: "Run", exact: true }).click();
      // The card showed the earlier run's exit: wait for this run to start, then to end.
      await card.getByText("running…").waitFor({ timeout: 60_000 });
      await card.getByText(/^exit \d+$/).waitFor({ timeout: 600_000 });
      const browserMbS = rawBefore.bytes / MB / ((performance.now() - t) / 1000);
      const browserSplit = browserCpu();
      await browser.close();
      // The command's own duration with its runner's tab attached: the tab must not set its pace.
      type Runs = { runs: { commandId: string; startedAt: string; finishedAt: string | null }[] };
      const { runs } = await callProcedure<Runs>(`http://${server.base}`, "incidents.get", { id: incidentId }, true, server.cookie);
      const lastStream = runs.filter((r) => r.commandId === ids.stream && r.finishedAt).at(-1)!;
      const commandMs = new Date(lastStream.finishedAt!).getTime() - new Date(lastStream.startedAt).getTime();
      const runnerMbS = rawBefore.bytes / MB / (commandMs / 1000);
      Object.assign(out, {
        browser_mb_s: round(browserMbS),
        raw_pty_before_browser_mb_s: round(rawBeforeMbS),
        browser_ratio: round(browserMbS / rawBeforeMbS),
        runner_flood_mb_s: round(runnerMbS),
        runner_flood_ratio: round(runnerMbS / rawBeforeMbS),
        // Where the two cores went from Run to the exit badge: the page's Chromium competes with
        // the command for them here; on an incident that tab runs on someone else's machine.
        browser_cpu_machine: round(browserSplit.machine),
        browser_cpu_steal: round(browserSplit.steal),
        browser_cpu_server: round(browserSplit.pids[0]!),
        browser_cpu_chromium: round(sumCores(browserSplit.pids.slice(1))),
      });
    }

    // Keystroke echo: the runner types into `cat`; the tty echoes each key back.
    if (on("echo")) {
      const viaServer = await echoThroughRun(server, incidentId, await start(ids.echo));
      const rawEcho = await rawEchoTimes();
      Object.assign(out, {
        echo_p50_ms: round(percentile(viaServer, 50)),
        echo_p99_ms: round(percentile(viaServer, 99)),
        raw_echo_p50_ms: round(percentile(rawEcho, 50)),
        raw_echo_p99_ms: round(percentile(rawEcho, 99)),
      });
    }

    if (on("live")) {
      const live = await liveLatency(server, incidentId, 50);
      Object.assign(out, { timeline_live_p50_ms: round(percentile(live, 50)), timeline_live_p99_ms: round(percentile(live, 99)) });
    }

    // 1 GB flood into three tabs of the incident page (the runner's and two watchers'): the
    // server's memory must not follow the output, whatever the tabs keep up with.
    if (on("flood-tabs")) {
      const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
      try {
        const tabs = await Promise.all([0, 1, 2].map(() => openIncidentPage(browser, server, incidentId)));
        await new Promise((r) => setTimeout(r, 1000));
        const before = await rssMb(server.proc.pid!);
        let peak = before;
        const sampler = setInterval(() => void rssMb(server.proc.pid!).then((m) => (peak = Math.max(peak, m))), 50);
        const card = tabs[0]!.getByRole("article", { name: FLOOD, exact: true });
        await card.getByRole("button", { name: "Run", exact: true }).click();
        await card.getByText("running…").waitFor({ timeout: 60_000 });
        await card.getByText(/^exit \d+$/).waitFor({ timeout: 900_000 });
        clearInterval(sampler);
        Object.assign(out, { flood_tabs_rss_mb: round(peak - before) });
      } finally {
        await browser.close();
      }
    }

    // Right after all that (what a server looks like a second after a load)…
    await new Promise((r) => setTimeout(r, 1000));
    out.after_load_rss_mb = round(await rssMb(server.proc.pid!));
    // …and idle: nothing has run for IDLE_AFTER_MS (the server collects garbage 6 s after the
    // last run ends, server/process/idle-memory.ts; the allocator returns freed pages within a second).
    await new Promise((r) => setTimeout(r, IDLE_AFTER_MS - 1000));
    const idle = await rssMb(server.proc.pid!);
    out.idle_rss_mb = round(idle);

    // 1 GB flood with a reading client: the server's memory must not follow the output.
    if (on("flood")) {
      let peak = idle;
      const sampler = setInterval(() => void rssMb(server.proc.pid!).then((m) => (peak = Math.max(peak, m))), 50);
      const flood = await leanConsume(server, async () => (await start(ids.flood)).runId);
      clearInterval(sampler);
      Object.assign(out, { flood_bytes: flood.bytes, flood_rss_mb: round(peak - idle) });
    }
    // Idle again after all that: half a minute with nothing to do (V8's memory reducer and the
    // allocator give back what they will).
    await new Promise((r) => setTimeout(r, 30_000));
    out.settled_rss_mb = round(await rssMb(server.proc.pid!));
    return out;
  } finally {
    await stopAppServer(server.proc);
    await rm(server.dir, { recursive: true, force: true });
  }
}

export const round = (x: number) => Math.round(x * 100) / 100;

/** The incident page in a new tab of `browser`, signed in as the responder, hydrated and live. */
async function openIncidentPage(browser: Browser, server: Server, incidentId: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const a = ACCOUNTS.responder;
  await page.request.post(`http://${server.base}/api/auth/sign-in/email`, {
    data: { email: a.email, password: a.password },
    headers: { origin: `http://${server.base}` },
  });
  await page.goto(`http://${server.base}/incidents/${incidentId}`);
  // Hydrated (the live feed is connected): a click before that does nothing.
  await page.getByLabel("Live updates").filter({ hasText: "● live" }).waitFor({ timeout: 60_000 });
  return page;
}
