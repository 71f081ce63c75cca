import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PTY_BACKLOG_BYTES } from "../shared/flow-control";
import { waitFor } from "../testing/wait-for";
import { ptyHost, type HostedExit } from "./pty-host";

/**
 * Runs `script` in a pty on the host thread. Like a run's end mark, the command then waits for
 * `finish()` before it exits: a pty that closes while output is still in it loses that output
 * (the kernel's, with or without the thread).
 */
async function start(script: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "runlog-host-"));
  const ack = path.join(dir, "ack");
  const proc = await ptyHost().spawn(
    "/bin/bash",
    ["--noprofile", "--norc", "-c", `${script}\nrc=$?; while [ ! -e ${ack} ]; do sleep 0.01; done; exit $rc`],
    {
      cols: 80,
      rows: 24,
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    },
  );
  const chunks: Buffer[] = [];
  proc.onData((c) => chunks.push(Buffer.from(c)));
  const exited = new Promise<HostedExit>((resolve) => proc.onExit(resolve));
  const output = () => Buffer.concat(chunks);
  return {
    proc,
    output,
    marker: path.join(dir, "done"),
    /** Waits for `bytes` of output, lets the command exit, and returns how it exited. */
    async finish(bytes: number): Promise<HostedExit> {
      await waitFor(() => output().length >= bytes, `${bytes} bytes of output`, 60_000);
      writeFileSync(ack, "");
      return exited;
    },
  };
}

/** Keeps this (the main) thread busy, as rendering or garbage collection would, until `done()` or `ms` pass. */
function busy(ms: number, done: () => boolean): void {
  const end = performance.now() + ms;
  while (performance.now() < end && !done()) {
    // nothing: the point is that the event loop does not turn
  }
}

describe("the pty host thread", () => {
  it("delivers every byte in order, then the exit", async () => {
    const r = await start("seq 1 200000; (exit 4)");
    const text = Array.from({ length: 200000 }, (_, i) => `${i + 1}\r\n`).join("");
    expect(await r.finish(text.length)).toEqual({ exitCode: 4, signal: null });
    expect(r.output().toString()).toBe(text);
    // node-pty still reads through the stream the thread gives it (a node-pty upgrade could change that).
    expect(r.proc.readsIntoOwnBuffer).toBe(true);
  });

  it("keeps order when small outputs (sent as copies) and floods (sent in the thread's buffers) alternate", async () => {
    // Each round: one short line after a pause (a batch of its own), then 300 KB at once.
    const r = await start(`for i in 1 2 3 4 5; do sleep 0.05; echo "small $i"; head -c 300000 /dev/zero | tr '\\0' "$i"; done`);
    const expected = [1, 2, 3, 4, 5].map((i) => `small ${i}\r\n${String(i).repeat(300000)}`).join("");
    await r.finish(expected.length);
    expect(r.output().toString()).toBe(expected);
  });

  it("reads a fast command to its end while the main thread is busy", async () => {
    const r = await start(`head -c 2000000 /dev/zero | tr '\\0' x; touch done`);
    // On the main thread the command would block after ~12 KiB (what a pty holds) until the event loop turned.
    busy(20_000, () => existsSync(r.marker));
    expect(existsSync(r.marker)).toBe(true);
    await r.finish(2_000_000);
    expect(r.output().length).toBe(2_000_000);
  });

  it("stops reading when the main thread has not taken PTY_BACKLOG_BYTES, and loses nothing", async () => {
    const total = 5 * PTY_BACKLOG_BYTES;
    const r = await start(`head -c ${total} /dev/zero | tr '\\0' x; touch done`);
    busy(3_000, () => existsSync(r.marker));
    expect(existsSync(r.marker)).toBe(false);
    await r.finish(total);
    expect(r.output().length).toBe(total);
  });

  it("passes input larger than the pty holds to a program that reads it late, whole and in order", async () => {
    const total = 300_000;
    const input = Buffer.alloc(total);
    for (let i = 0; i < total; i++) input[i] = i % 61 === 60 ? 10 : 48 + ((i * 7) % 43);
    // The program reads nothing for half a second: the pty takes ~4 KiB of the input, the rest waits.
    const r = await start(`stty raw -echo; echo ready; sleep 0.5; head -c ${total} | sha256sum`);
    await waitFor(() => r.output().toString().includes("ready"), "the program to set its terminal up");
    for (let at = 0; at < total; at += 3_000)
      r.proc.write(at % 2 ? input.subarray(at, at + 3_000) : input.subarray(at, at + 3_000).toString());
    const digest = createHash("sha256").update(input).digest("hex");
    await waitFor(() => r.output().toString().includes(digest), "the checksum of the whole input", 15_000).catch((err: Error) => {
      throw new Error(`${err.message}; output: ${JSON.stringify(r.output().toString().slice(-300))}`);
    });
    expect(await r.finish(0)).toEqual({ exitCode: 0, signal: null });
  });

  it("pauses and resumes reading", async () => {
    const total = 30_000_000;
    const r = await start(`head -c ${total} /dev/zero | tr '\\0' x; touch done`);
    await waitFor(() => r.output().length > 100_000, "the first output");
    r.proc.pause();
    // The command fills the pty and waits: what arrives stops growing, and it does not finish.
    let last = -1;
    await waitFor(() => {
      const n = r.output().length;
      const still = n === last;
      last = n;
      return still;
    }, "output to stop while paused");
    expect(existsSync(r.marker)).toBe(false);
    expect(r.output().length).toBeLessThan(total);
    r.proc.resume();
    await r.finish(total);
    expect(r.output().length).toBe(total);
  });
});
