import type { RunStatus } from "../shared/timeline";
import type { PtyProcess } from "./pty-process";
import type { ShellHandshake } from "./shell-handshake";

export type StopStatus = "cancelled" | "timed-out" | "interrupted";

/**
 * A run's process, whatever carries it (a local shell, or ssh / docker / kubectl to a target,
 * always in a local pty): its output with the handshake's marks taken out, pausing for flow
 * control, the stop escalation, and the end-mark handshake that keeps the shell alive until its
 * last byte is read.
 */
export class RunProcess {
  private proc: PtyProcess | null = null;
  private typedEarly = "";
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
    /** The shell's end-mark handshake; absent for a bare command. */
    private readonly handshake: ShellHandshake | null,
  ) {}

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
    const hs = this.handshake;
    const wasOpen = hs?.open ?? true;
    const bytes = hs ? hs.receive(raw, (reply) => this.proc?.write(reply)) : raw;
    if (!wasOpen && hs?.open && this.typedEarly) {
      this.proc?.write(this.typedEarly);
      this.typedEarly = "";
    }
    if (bytes.length > 0) this.onOutput(bytes);
  }

  write(data: string): void {
    if (this.exited) return;
    if (this.handshake && !this.handshake.open) this.typedEarly = (this.typedEarly + data).slice(-4096);
    else this.proc?.write(data);
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
   * jobs the command started in the background die with it. On a target the signals go to the
   * command's process group there (another connection); the local transport goes last.
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
    const there = this.handshake?.signalCommand;
    if (status === "interrupted") {
      there?.("KILL");
      proc.kill("SIGKILL");
      return;
    }
    proc.write("\x03");
    if (there)
      this.cancelTimers.push(
        setTimeout(() => there("TERM"), graceMs),
        setTimeout(() => there("KILL"), graceMs * 2),
        setTimeout(() => proc.kill("SIGKILL"), graceMs * 3),
      );
    else
      this.cancelTimers.push(
        setTimeout(() => proc.kill("SIGTERM"), graceMs),
        setTimeout(() => proc.kill("SIGKILL"), graceMs * 2),
      );
  }

  /** How the run ended, as decided by whoever stopped it (or not). */
  statusFor(exit: { exitCode: number | null; signal: string | null }): RunStatus {
    if (this.stopping) return this.stopping;
    if (this.handshake?.lost) return "connection-lost";
    return exit.exitCode === null && exit.signal === null ? "interrupted" : "exited";
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
    if (this.stopping) this.handshake?.signalCommand?.("KILL");
    this.settled = this.handshake?.flush() ?? Buffer.alloc(0);
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
