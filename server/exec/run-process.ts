import { writeFile } from "node:fs/promises";
import type { RunStatus } from "../shared/timeline";
import { EndMarkFilter } from "./end-mark";
import type { PtyProcess } from "./pty-process";

export type StopStatus = "cancelled" | "timed-out" | "interrupted";

/**
 * A run's process, whatever carries it (a local pty today): its output with the end mark taken
 * out, pausing for flow control, the stop escalation, and the end-mark handshake that keeps the
 * shell alive until its last byte is read.
 */
export class RunProcess {
  private proc: PtyProcess | null = null;
  private readonly endMark: EndMarkFilter | null;
  private readonly ackFile: string | null;
  private readonly pauseReasons = new Set<string>();
  private exitWatch: NodeJS.Timeout | null = null;
  private cancelTimers: NodeJS.Timeout[] = [];
  private stopping: StopStatus | null = null;
  private settled: Buffer | null = null;
  /** Who asked for the run to stop, when someone did. */
  stoppedBy: string | null = null;
  /** The process has exited (the run may still be being recorded). */
  exited = false;
  private stopBeforeStart: { status: StopStatus; graceMs: number; by: string | null } | null = null;

  constructor(
    /** Output as it arrives, end mark removed. */
    private readonly onOutput: (data: Buffer) => void,
    /** The session script's end-mark nonce and the file that tells the shell its output was read; absent for a bare command. */
    endMark: { nonce: string; ackFile: string } | null,
  ) {
    this.ackFile = endMark?.ackFile ?? null;
    this.endMark = endMark ? new EndMarkFilter(endMark.nonce) : null;
  }

  get paused(): boolean {
    return this.pauseReasons.size > 0;
  }

  attach(proc: PtyProcess): void {
    this.proc = proc;
    proc.onData((raw) => this.receive(raw));
    // A Cancel (or a timeout, a shutdown) that came while the shell was being started applies now.
    const early = this.stopBeforeStart;
    this.stopBeforeStart = null;
    if (early) this.stop(early.status, early.graceMs, early.by);
  }

  /** Output from the process (or, before it exists, a message about it). */
  receive(raw: Buffer): void {
    let bytes = raw;
    if (this.endMark && !this.endMark.seen) {
      bytes = this.endMark.push(raw);
      // Everything the command printed is read: let the shell exit.
      if (this.endMark.seen && this.ackFile) void writeFile(this.ackFile, "").catch(() => undefined);
    }
    if (bytes.length > 0) this.onOutput(bytes);
  }

  write(data: string): void {
    if (!this.exited) this.proc?.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited) this.proc?.resize(cols, rows);
  }

  pause(reason: string): void {
    if (this.pauseReasons.size === 0 && this.proc && !this.exited) {
      this.proc.pause();
      // node-pty reports an exit only after the pty is read to its end, and destroys it (losing
      // what is left) if that takes over 200 ms: a paused run whose command has exited must
      // be read out at once.
      const proc = this.proc;
      this.exitWatch = setInterval(() => {
        if (!processAlive(proc.pid)) this.resumeNow();
      }, 20);
    }
    this.pauseReasons.add(reason);
  }

  unpause(reason: string): void {
    if (!this.pauseReasons.delete(reason)) return;
    if (this.pauseReasons.size === 0) this.resumeNow();
  }

  resumeNow(): void {
    this.pauseReasons.clear();
    if (this.exitWatch) clearInterval(this.exitWatch);
    this.exitWatch = null;
    this.proc?.resume();
  }

  /**
   * Ctrl-C first, as a person would; then SIGTERM, then SIGKILL to the whole process group, so
   * jobs the command started in the background die with it.
   */
  stop(status: StopStatus, graceMs: number, by: string | null): void {
    if (this.exited) return;
    if (!this.proc) {
      this.stopBeforeStart ??= { status, graceMs, by };
      return;
    }
    const proc = this.proc;
    if (this.stopping === null) {
      this.stopping = status;
      this.stoppedBy = by;
    }
    this.resumeNow();
    if (status === "interrupted") {
      proc.kill("SIGKILL");
      return;
    }
    proc.write("\x03");
    this.cancelTimers.push(
      setTimeout(() => proc.kill("SIGTERM"), graceMs),
      setTimeout(() => proc.kill("SIGKILL"), graceMs * 2),
    );
  }

  /** How the run ended, as decided by whoever stopped it (or not). */
  statusFor(exit: { exitCode: number | null; signal: string | null }): RunStatus {
    return this.stopping ?? (exit.exitCode === null && exit.signal === null ? "interrupted" : "exited");
  }

  /**
   * The process is gone: stop its leftovers and return what the end-mark filter still held.
   * Idempotent: a second call returns nothing more and signals nothing.
   */
  settle(): Buffer {
    if (this.settled) return Buffer.alloc(0);
    this.exited = true;
    this.resumeNow();
    for (const t of this.cancelTimers) clearTimeout(t);
    // Background jobs the command left go too: SIGHUP as a closing terminal would send, SIGKILL
    // when the run was stopped.
    this.proc?.kill(this.stopping ? "SIGKILL" : "SIGHUP");
    this.settled = this.endMark?.flush() ?? Buffer.alloc(0);
    return this.settled;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
