import type { RunStatus } from "../shared/timeline";
import { EndMarkFilter } from "./end-mark";
import { OutputCapture } from "./output-capture";
import { OutputRing } from "./output-ring";
import type { PtyProcess } from "./pty-process";
import { SecretMasker } from "./secret-masker";
import { renderSnapshot } from "./terminal-mirror";

export interface RunEnd {
  exitCode: number | null;
  signal: string | null;
  status: RunStatus;
}

/** What a viewer receives, in order. */
export type ViewerMessage =
  | { kind: "chunk"; seq: number; data: Buffer }
  | { kind: "snapshot"; seq: number; data: string; cols: number; rows: number }
  | { kind: "resize"; cols: number; rows: number }
  | { kind: "end"; end: RunEnd };

export interface ViewerSink {
  deliver(msg: ViewerMessage): void;
  /** Called when this viewer is cut off (it never acknowledged what it was sent). */
  close?(reason: string): void;
}

export interface ViewerHandle {
  readonly runner: boolean;
  /** The viewer has written everything up to and including chunk (or snapshot) `seq`. */
  ack(seq: number): void;
  /** Keystrokes: the runner's only. */
  input(data: string): void;
  /** The runner's terminal size. */
  resize(cols: number, rows: number): void;
  detach(): void;
}

// Flow control, per viewer, in bytes sent and not yet acknowledged (VS Code's pty host and
// wetty use the same scheme). A viewer above HIGH gets nothing more until it is back under LOW;
// if what it needs next has left the ring by then, it resyncs from a snapshot.
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
const RING_BYTES = 12 * 1024 * 1024;
// Chunks that piled up while the event loop was busy go out as one frame of at most this size.
const MAX_FRAME_BYTES = 256 * 1024;
// After the run ends, a viewer that stopped acknowledging is cut off after this long.
const END_GRACE_MS = 30_000;

interface Viewer {
  sink: ViewerSink;
  runner: boolean;
  sentSeq: number;
  sentBytes: number;
  ackedBytes: number;
  inflight: { seq: number; end: number }[];
  waiting: boolean;
  /** A snapshot is being built for it: nothing else is sent meanwhile. */
  resyncing: boolean;
  ended: boolean;
}

export interface LiveRunOptions {
  cols: number;
  rows: number;
  outputCapBytes: number;
  secrets: string[];
  /** The session script's end-mark nonce; absent for a bare command. */
  nonce?: string;
  /** The signed-in account that started the run. */
  runnerUserId?: string;
}

/**
 * One running command: its pty, the bounded record of its output, and everyone watching it.
 * Output is masked for secrets first; then it goes to the stored capture (head and tail), the
 * ring (recent chunks, from which snapshots are built) and each viewer at that viewer's pace.
 * Nothing here grows with the amount of output.
 */
export class LiveRun {
  readonly capture: OutputCapture;
  private readonly ring = new OutputRing(RING_BYTES);
  private cols: number;
  private rows: number;
  private pumpScheduled = false;
  private readonly masker: SecretMasker;
  private readonly endMark: EndMarkFilter | null;
  private readonly nonce: string | null;
  private readonly viewers = new Set<Viewer>();
  private proc: PtyProcess | null = null;
  private readonly pauseReasons = new Set<string>();
  private cancelTimers: NodeJS.Timeout[] = [];
  private exitWatch: NodeJS.Timeout | null = null;
  private endTimer: NodeJS.Timeout | null = null;
  private stopping: RunStatus | null = null;
  /** Who asked for the run to stop, when someone did. */
  stoppedBy: string | null = null;
  /** The account that started the run: only its connections may type (with the runner token). */
  readonly runnerUserId: string | null;
  end: RunEnd | null = null;

  constructor(
    readonly runId: string,
    readonly incidentId: string,
    readonly runnerToken: string,
    opts: LiveRunOptions,
  ) {
    this.runnerUserId = opts.runnerUserId ?? null;
    this.capture = new OutputCapture(opts.outputCapBytes);
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.masker = new SecretMasker(opts.secrets);
    this.nonce = opts.nonce ?? null;
    this.endMark = opts.nonce ? new EndMarkFilter(opts.nonce) : null;
  }

  get running(): boolean {
    return this.end === null && this.exited === false;
  }

  /** The process has exited (the run may still be being recorded). */
  exited = false;
  private markRecorded: () => void = () => undefined;
  /** Resolves once the run's end is in the database and its viewers are told. */
  readonly recorded = new Promise<void>((resolve) => {
    this.markRecorded = resolve;
  });

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  get paused(): boolean {
    return this.pauseReasons.size > 0;
  }

  setProcess(proc: PtyProcess): void {
    this.proc = proc;
    proc.onData((raw) => this.publish(raw));
  }

  /** Text that viewers and the database may see: secrets masked. */
  maskText(text: string): string {
    return this.masker.maskText(text);
  }

  publish(raw: Buffer): void {
    let bytes = raw;
    if (this.endMark && !this.endMark.seen) {
      bytes = this.endMark.push(raw);
      // Everything the command printed is read: let the shell exit.
      if (this.endMark.seen) this.proc?.write(`${this.nonce}\r`);
    }
    const data = this.masker.push(bytes);
    if (data.length > 0) this.ingest(data);
  }

  private ingest(data: Buffer): void {
    this.capture.push(data);
    this.ring.push(data);
    // Sent once per turn of the event loop: reads that arrived together leave as one frame,
    // and a lone keystroke echo still leaves in the same turn.
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(() => {
        this.pumpScheduled = false;
        for (const v of this.viewers) this.pump(v);
      });
    }
  }

  attach(sink: ViewerSink, opts: { runner: boolean }): ViewerHandle {
    const v: Viewer = {
      sink,
      runner: opts.runner,
      sentSeq: -1,
      sentBytes: 0,
      ackedBytes: 0,
      inflight: [],
      waiting: false,
      resyncing: false,
      ended: false,
    };
    this.viewers.add(v);
    // A viewer who arrives after output began starts from a snapshot of the screen, then follows.
    sink.deliver({ kind: "resize", ...this.size });
    if (this.ring.lastSeq >= 0) this.resync(v);
    else this.pump(v);
    return {
      runner: v.runner,
      ack: (seq) => this.ack(v, seq),
      input: (data) => {
        if (!v.runner) throw new Error("Only the person who started this run can type into it.");
        if (this.running) this.proc?.write(data);
      },
      resize: (cols, rows) => {
        if (!v.runner || !this.running) return;
        this.proc?.resize(cols, rows);
        this.cols = cols;
        this.rows = rows;
        for (const other of this.viewers) other.sink.deliver({ kind: "resize", cols, rows });
      },
      detach: () => {
        this.viewers.delete(v);
        this.unpauseRunnerIfGone();
      },
    };
  }

  private unpauseRunnerIfGone(): void {
    // A runner who closed the tab must not leave the command paused forever.
    const waitingRunner = [...this.viewers].some((v) => v.runner && v.waiting);
    if (!waitingRunner) this.unpause("runner");
  }

  private pump(v: Viewer): void {
    while (!v.waiting && !v.resyncing && v.sentSeq < this.ring.lastSeq) {
      const first = this.ring.get(v.sentSeq + 1);
      if (!first) {
        // What it needs next has left the ring: it starts again from the screen.
        this.resync(v);
        return;
      }
      const parts = [first.data];
      let bytes = first.data.length;
      let last = first.seq;
      while (last < this.ring.lastSeq && bytes < MAX_FRAME_BYTES) {
        const next = this.ring.get(last + 1)!;
        parts.push(next.data);
        bytes += next.data.length;
        last = next.seq;
      }
      this.send(v, last, bytes, { kind: "chunk", seq: last, data: parts.length === 1 ? first.data : Buffer.concat(parts, bytes) });
    }
    if (this.end && !v.ended && !v.resyncing && v.sentSeq >= this.ring.lastSeq) this.finishViewer(v);
  }

  private send(v: Viewer, seq: number, bytes: number, msg: ViewerMessage): void {
    v.sink.deliver(msg);
    v.sentSeq = seq;
    v.sentBytes += bytes;
    v.inflight.push({ seq, end: v.sentBytes });
    if (v.sentBytes - v.ackedBytes >= HIGH_WATER) {
      v.waiting = true;
      // The runner's own window holds the command back; anyone else just falls behind.
      if (v.runner && this.running) this.pause("runner");
    }
  }

  private resync(v: Viewer): void {
    v.resyncing = true;
    const held = this.ring.held();
    const upTo = this.ring.lastSeq;
    const { cols, rows } = this.size;
    void renderSnapshot(
      held.map((c) => c.data),
      cols,
      rows,
    )
      .then((data) => {
        v.resyncing = false;
        if (!this.viewers.has(v)) return;
        this.send(v, upTo, data.length, { kind: "snapshot", seq: upTo, data, cols, rows });
        this.pump(v);
      })
      .catch((err: Error) => {
        v.resyncing = false;
        v.sink.close?.(`Could not catch up with the output: ${err.message}`);
      });
  }

  private ack(v: Viewer, seq: number): void {
    while (v.inflight.length && v.inflight[0]!.seq <= seq) v.ackedBytes = v.inflight.shift()!.end;
    if (v.waiting && v.sentBytes - v.ackedBytes <= LOW_WATER) {
      v.waiting = false;
      if (v.runner) this.unpauseRunnerIfGone();
      this.pump(v);
    }
  }

  private pause(reason: string): void {
    if (this.pauseReasons.size === 0 && this.proc) {
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

  private unpause(reason: string): void {
    if (!this.pauseReasons.delete(reason)) return;
    if (this.pauseReasons.size === 0) this.resumeNow();
  }

  private resumeNow(): void {
    this.pauseReasons.clear();
    if (this.exitWatch) clearInterval(this.exitWatch);
    this.exitWatch = null;
    this.proc?.resume();
  }

  /**
   * Ctrl-C first, as a person would; then SIGTERM, then SIGKILL to the whole process group, so
   * jobs the command started in the background die with it.
   */
  stop(status: "cancelled" | "timed-out" | "interrupted", graceMs = 3000, by: string | null = null): void {
    if (!this.running || !this.proc) return;
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
   * The process is gone: stop its leftovers and flush what the filters held back, so the capture
   * is complete before it is stored.
   */
  async settle(): Promise<void> {
    this.exited = true;
    for (const t of this.cancelTimers) clearTimeout(t);
    // Background jobs the command left go too: SIGHUP as a closing terminal would send, SIGKILL
    // when the run was stopped.
    this.proc?.kill(this.stopping ? "SIGKILL" : "SIGHUP");
    const held = this.endMark?.flush();
    const rest = Buffer.concat([held && held.length ? this.masker.push(held) : Buffer.alloc(0), this.masker.flush()]);
    if (rest.length) this.ingest(rest);
  }

  /** Tells every viewer how the run ended, once each has caught up with the output. */
  async finish(end: RunEnd): Promise<void> {
    await this.settle();
    this.end = end;
    this.markRecorded();
    this.pauseReasons.clear();
    for (const v of this.viewers) this.pump(v);
    if ([...this.viewers].some((v) => !v.ended)) {
      this.endTimer = setTimeout(() => {
        for (const v of this.viewers) if (!v.ended) v.sink.close?.("This viewer stopped reading the output.");
        this.release();
      }, END_GRACE_MS);
    } else {
      this.release();
    }
  }

  private finishViewer(v: Viewer): void {
    v.ended = true;
    v.sink.deliver({ kind: "end", end: this.end! });
    this.viewers.delete(v);
    if (this.viewers.size === 0 && this.endTimer) {
      clearTimeout(this.endTimer);
      this.release();
    }
  }

  private release(): void {
    this.viewers.clear();
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

// Shared through globalThis: Next's server bundle and the custom server load this module
// separately, and both must see the same running commands.
const g = globalThis as unknown as { runlogLiveRuns?: Map<string, LiveRun> };
export function liveRuns(): Map<string, LiveRun> {
  g.runlogLiveRuns ??= new Map();
  return g.runlogLiveRuns;
}
