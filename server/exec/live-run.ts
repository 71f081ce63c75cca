import { TYPING_HOLD_MS } from "../shared/flow-control";
import { OutputPipeline } from "./output-pipeline";
import type { PtyProcess } from "./pty-process";
import { RunProcess, type StopStatus } from "./run-process";
import type { ShellHandshake } from "./shell-handshake";
import { ViewerFanout, type RunEnd, type ViewerSink } from "./viewer-fanout";

export type { RunEnd, ViewerMessage, ViewerSink } from "./viewer-fanout";

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

export interface LiveRunOptions {
  cols: number;
  rows: number;
  outputCapBytes: number;
  secrets: string[];
  /** The shell's end-mark handshake; absent for a bare command. */
  handshake?: ShellHandshake;
  /** The signed-in account that started the run. */
  runnerUserId?: string;
}

/**
 * One running command, in three parts that can change one at a time: its process (in a local
 * pty: the shell, or the transport to a target), the output pipeline (masking, stored capture, ring) and the viewers' fan-out.
 */
export class LiveRun {
  private readonly process: RunProcess;
  private readonly output: OutputPipeline;
  private readonly fanout: ViewerFanout;
  private cols: number;
  private rows: number;
  private finishing: Promise<void> | null = null;
  private lastTypedAt = -Infinity;
  private typingTimer: NodeJS.Timeout | null = null;
  /** The account that started the run: only its connections may type (with the runner token). */
  readonly runnerUserId: string | null;
  end: RunEnd | null = null;
  private markRecorded: () => void = () => undefined;
  /** Resolves once the run's end is in the database and its viewers are told. */
  readonly recorded = new Promise<void>((resolve) => {
    this.markRecorded = resolve;
  });

  constructor(
    readonly runId: string,
    readonly incidentId: string,
    readonly runnerToken: string,
    opts: LiveRunOptions,
  ) {
    this.runnerUserId = opts.runnerUserId ?? null;
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.output = new OutputPipeline(opts, (bytes) => this.fanout.wake(bytes));
    this.process = new RunProcess((data) => this.output.push(data), opts.handshake ?? null);
    this.fanout = new ViewerFanout({
      ring: this.output.ring,
      size: () => this.size,
      live: () => this.running,
      maskRendered: (text) => this.output.maskRendered(text),
      runnerBlocked: (blocked) => (blocked ? this.process.pause("runner") : this.process.unpause("runner")),
      runnerHolds: () => this.output.modes.altScreen || performance.now() - this.lastTypedAt < TYPING_HOLD_MS,
      snapshotInput: (maxBytes) => this.output.snapshotInput(maxBytes),
    });
  }

  get capture() {
    return this.output.capture;
  }

  get running(): boolean {
    return this.end === null && !this.process.exited;
  }

  /** The process has exited (the run may still be being recorded). */
  get exited(): boolean {
    return this.process.exited;
  }

  get paused(): boolean {
    return this.process.paused;
  }

  get stoppedBy(): string | null {
    return this.process.stoppedBy;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  setProcess(proc: PtyProcess): void {
    this.process.attach(proc);
  }

  /** Output that did not come from the process (a message that it could not start). */
  publish(raw: Buffer): void {
    this.process.receive(raw);
  }

  maskText(text: string): string {
    return this.output.maskText(text);
  }

  maskRendered(text: string): string {
    return this.output.maskRendered(text);
  }

  attach(sink: ViewerSink, opts: { runner: boolean }): ViewerHandle {
    const viewer = this.fanout.attach(sink, opts.runner);
    return {
      runner: opts.runner,
      ack: viewer.ack,
      detach: viewer.detach,
      input: (data) => {
        if (!opts.runner) throw new Error("Only the person who started this run can type into it.");
        if (!this.running) return;
        this.process.write(data);
        // While they type, their screen is never skipped ahead; a moment after, it may be again.
        this.lastTypedAt = performance.now();
        this.fanout.updateRunnerBlocked();
        if (this.typingTimer) clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => this.fanout.updateRunnerBlocked(), TYPING_HOLD_MS + 10);
      },
      resize: (cols, rows) => {
        if (!opts.runner || !this.running) return;
        this.process.resize(cols, rows);
        this.cols = cols;
        this.rows = rows;
        this.fanout.resized(cols, rows);
      },
    };
  }

  stop(status: StopStatus, graceMs = 3000, by: string | null = null): void {
    if (this.running) this.process.stop(status, graceMs, by);
  }

  statusFor(exit: { exitCode: number | null; signal: string | null }) {
    return this.process.statusFor(exit);
  }

  /**
   * The process is gone: stop its leftovers and flush what the filters held back, so the capture
   * is complete before it is stored. Idempotent.
   */
  settle(): void {
    const held = this.process.settle();
    if (held.length) this.output.push(held);
    this.output.flush();
  }

  /** Tells every viewer how the run ended, once each has caught up with the output. Once, however often called. */
  finish(end: RunEnd): Promise<void> {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.finishing ??= (async () => {
      this.settle();
      this.end = end;
      this.markRecorded();
      this.fanout.finish(end);
    })();
    return this.finishing;
  }
}

// Shared through globalThis: Next's server bundle and the custom server load this module
// separately, and both must see the same running commands.
const g = globalThis as unknown as { runlogLiveRuns?: Map<string, LiveRun> };
export function liveRuns(): Map<string, LiveRun> {
  g.runlogLiveRuns ??= new Map();
  return g.runlogLiveRuns;
}
