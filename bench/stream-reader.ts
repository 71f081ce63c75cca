import os from "node:os";
import * as pty from "node-pty";
import WebSocket from "ws";
import { readRunStream } from "./stream-client";

// The reading end of a throughput benchmark, in a process of its own: `raw <command>` reads a
// command's pty straight from node-pty; `stream <cookie>` prints "ready", then reads the stream
// whose URL arrives on stdin as the browser does (acknowledging every ACK_EVERY_BYTES). Each
// prints one JSON line when done. A process of its own, with nothing else in its heap, so that
// neither reader pays for the benchmark harness's own garbage collection (Playwright, the API
// types), and the stream's reader is loaded before its run starts, as an open page is.

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
  const url = await new Promise<string>((resolve) => {
    let line = "";
    process.stdin.on("data", (d: Buffer) => {
      line += d.toString();
      if (line.includes("\n")) resolve(line.trim());
    });
    process.stdout.write("ready\n");
  });
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
} else {
  process.stderr.write("usage: stream-reader raw <command> | stream <cookie> (the URL on stdin)\n");
  process.exit(2);
}
