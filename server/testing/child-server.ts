import { spawn } from "node:child_process";

// A real server (sshd, HAProxy, Alertmanager) a test starts as a child process: what it prints
// is kept for the error message, and start-up waits until the server answers, not for a time.

export interface ChildServer {
  stop(): Promise<void>;
}

export async function startChildServer(
  name: string,
  command: string,
  args: string[],
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<ChildServer> {
  let log = "";
  const proc = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (proc.exitCode !== null) throw new Error(`${name} exited: ${log}`);
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`${name} did not get ready within ${timeoutMs} ms: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      await exited;
    },
  };
}

/** For `ready`: an HTTP URL answers 2xx. */
export const answersOk = (url: string) => () =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );
