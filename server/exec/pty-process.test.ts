import { execFileSync } from "node:child_process";
import os from "node:os";
import { waitFor } from "../testing/wait-for";
import { describe, expect, it } from "vitest";
import { spawnPty, type PtyExit } from "./pty-process";

async function run(script: string, env: Record<string, string> = {}) {
  const proc = await spawnPty(script, {
    shell: "/bin/bash",
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    cols: 100,
    rows: 30,
  });
  const chunks: Buffer[] = [];
  proc.onData((c) => chunks.push(Buffer.from(c)));
  const done = new Promise<PtyExit>((resolve) => proc.onExit(resolve));
  return { proc, done, output: () => Buffer.concat(chunks).toString("utf8") };
}

describe("spawnPty", () => {
  it("runs in a real terminal with TERM=xterm-256color and reports the exit code", async () => {
    const r = await run('test -t 1 && echo "tty:$TERM:$(tput cols)"; exit 3');
    expect(await r.done).toEqual({ exitCode: 3, signal: null });
    expect(r.output()).toContain("tty:xterm-256color:100");
  });

  it("fails a pipeline when an early stage fails (pipefail)", async () => {
    const r = await run("false | cat");
    expect((await r.done).exitCode).toBe(1);
  });

  it("delivers raw bytes, including multi-byte UTF-8", async () => {
    const r = await run("printf 'caf\\xc3\\xa9\\n'");
    await r.done;
    expect(r.output()).toContain("café");
  });

  it("kills the whole process group, not only the shell", async () => {
    const marker = `runlog-test-${process.pid}-${Date.now()}`;
    const r = await run(`sleep 300 & sleep 301 & echo started; exec -a ${marker} sleep 302`);
    // The background jobs exist once the shell has gone past starting them.
    await waitFor(() => r.output().includes("started"), "the jobs to start");
    r.proc.kill("SIGTERM");
    const exit = await r.done;
    expect(exit.signal).toBe("SIGTERM");
    const left = () =>
      execFileSync("ps", ["-eo", "pgid,args"])
        .toString()
        .split("\n")
        .filter((l) => l.trim().startsWith(String(r.proc.pid) + " "))
        // Zombies are dead; only the container's init has not reaped them yet.
        .filter((l) => !l.includes("<defunct>"));
    await waitFor(() => left().length === 0, `the process group to be gone (left: ${left().join("; ")})`);
  });
});
