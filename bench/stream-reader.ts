import os from "node:os";
import * as pty from "node-pty";
import WebSocket from "ws";
import { echoTimes, ECHO_KEYSTROKES } from "./echo-times";
import { readRunStream } from "./stream-client";

// The reading end of a throughput benchmark, in a process of its own: `raw <command>` reads a
// command's pty straight from node-pty; `stream <cookie>` prints "ready", then reads the stream
// whose URL arrives on stdin as the browser does (acknowledging every ACK_EVERY_BYTES).
// `echo-raw <command>` and `echo-stream <cookie>` (the runner's URL on stdin) time keystroke
// echoes the same two ways. Each prints one JSON line when done. A process of its own, with
// nothing else in its heap, so that neither reader pays for the benchmark harness's own garbage
// collection (Playwright, the API types), and the stream's reader is loaded before its run
// starts, as an open page is.

export interface ReaderResult {
  bytes: number;
  ms: number;
  /** Cores this reader used while it read. */
  cpu: number;
}

const [mode, ...args] = process.argv.slice(2);
let start = performance.now();
let cpu0 = process.cpuUsage();
const done = (bytes: number) => {
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu0);
  const result: ReaderResult = { bytes, ms, cpu: (used.user + used.system) / 1000 / ms };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
};

/** Says "ready", then takes the URL the harness writes once its run has started. */
function urlFromStdin(): Promise<string> {
  return new Promise<string>((resolve) => {
    let line = "";
    process.stdin.on("data", (d: Buffer) => {
      line += d.toString();
      if (line.includes("\n")) resolve(line.trim());
    });
    process.stdout.write("ready\n");
  });
}

if (mode === "raw") {
  let bytes = 0;
  const p = pty.spawn("/bin/bash", ["--noprofile", "--norc", "-c", args[0]!], {
    cols: 120,
    rows: 24,
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? "" },
    encoding: null,
  } as pty.IPtyForkOptions);
  p.onData((d) => (bytes += d.length));
  p.onExit(() => done(bytes));
} else if (mode === "stream") {
  const url = await urlFromStdin();
  start = performance.now();
  cpu0 = process.cpuUsage();
  const ws = new WebSocket(url, { headers: { cookie: args[0] ?? "" } });
  readRunStream(ws).then(
    ({ bytes }) => done(bytes),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
} else if (mode === "echo-raw") {
  const p = pty.spawn("/bin/bash", ["--noprofile", "--norc", "-c", args[0]!], {
    cols: 80,
    rows: 24,
    env: { PATH: process.env.PATH ?? "" },
  });
  const listeners: ((d: string) => void)[] = [];
  p.onData((d) => listeners.forEach((l) => l(d)));
  const times = await echoTimes(
    (s) => p.write(s),
    (cb) => listeners.push(cb),
    ECHO_KEYSTROKES,
  );
  p.kill();
  process.stdout.write(`${JSON.stringify({ times })}\n`, () => process.exit(0));
} else if (mode === "echo-stream") {
  const url = await urlFromStdin();
  const ws = new WebSocket(url, { headers: { cookie: args[0] ?? "" } });
  const listeners: ((d: string) => void)[] = [];
  readRunStream(ws, (d) => listeners.forEach((l) => l(Buffer.from(d).toString()))).catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  const times = await echoTimes(
    (s) => ws.send(JSON.stringify({ type: "input", data: s })),
    (cb) => listeners.push(cb),
    ECHO_KEYSTROKES,
  );
  process.stdout.write(`${JSON.stringify({ times })}\n`, () => process.exit(0));
} else {
  process.stderr.write(
    "usage: stream-reader raw <command> | stream <cookie> | echo-raw <command> | echo-stream <cookie> (URLs on stdin)\n",
  );
  process.exit(2);
}
