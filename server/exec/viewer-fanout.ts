import {
  END_GRACE_MS,
  FLOOD_READ_BYTES,
  FRAME_COALESCE_MS,
  HIGH_WATER_BYTES,
  LOW_WATER_BYTES,
  MAX_FRAME_BYTES,
  SNAPSHOT_SHARE_MS,
} from "../shared/flow-control";
import type { RunStatus } from "../shared/timeline";
import type { OutputRing } from "./output-ring";
import { renderRecent, type SnapshotInput } from "./terminal-mirror";

export interface RunEnd {
  exitCode: number | null;
  signal: string | null;
  status: RunStatus;
}

/** What a viewer receives, in order. */
export type ViewerMessage =
  /** Output through `seq`, as views into the ring (not copied: the sink frames them once, before `deliver` returns; they are written over later). */
  | { kind: "chunk"; seq: number; parts: Buffer[]; bytes: number }
  | { kind: "snapshot"; seq: number; data: string; cols: number; rows: number; skippedBytes: number }
  | { kind: "resize"; cols: number; rows: number }
  | { kind: "end"; end: RunEnd };

export interface ViewerSink {
  deliver(msg: ViewerMessage): void;
  /** Called when this viewer is cut off (it never acknowledged what it was sent). */
  close?(reason: string): void;
}

interface Viewer {
  sink: ViewerSink;
  runner: boolean;
  sentSeq: number;
  sentBytes: number;
  ackedBytes: number;
  inflight: { seq: number; end: number }[];
  /** How far into the run's whole output it has been sent (offset in bytes). */
  received: number;
  waiting: boolean;
  /** A snapshot is being built for it: nothing else is sent meanwhile. */
  resyncing: boolean;
  ended: boolean;
}

/** What the fan-out needs from the run it serves. */
export interface FanoutSource {
  readonly ring: OutputRing;
  size(): { cols: number; rows: number };
  /** The runner's own window is full (true) or has room again (false): the process may wait for it. */
  runnerBlocked(blocked: boolean): void;
  /**
   * Whether the runner's pace may hold the command back now: while they type or a full-screen
   * program runs. Otherwise a runner who falls behind skips ahead like anyone else.
   */
  runnerHolds(): boolean;
  /** The output a snapshot replays (the newest, at most `maxBytes`), and the last chunk it covers. */
  snapshotInput(maxBytes: number): SnapshotInput;
  /** The process is still producing output. */
  live(): boolean;
  /** A rendered screen, secrets masked (the terminal may have joined what the byte stream split). */
  maskRendered(text: string): string;
}

/** A rendered screen (masked) and the chunk (and offset) it shows the output through. */
interface Snapshot {
  data: string;
  upTo: number;
  upToOffset: number;
}

/** A snapshot given to every viewer that falls behind while it is being built or just after. */
interface SharedSnapshot {
  cols: number;
  rows: number;
  screen: Promise<Snapshot>;
  /** When it was done, and the chunk it shows the output through (null while it is built). */
  built: { at: number; upTo: number } | null;
}

export interface ViewerHandle {
  ack(seq: number): void;
  detach(): void;
}

/**
 * Everyone watching a run, each at their own pace: a window of unacknowledged bytes per viewer, a
 * snapshot of the screen for whoever arrives late or falls out of the ring, the end once each has
 * caught up. Works from the ring alone, so the process behind it can be anywhere.
 */
export class ViewerFanout {
  private readonly viewers = new Set<Viewer>();
  private pumpScheduled: "soon" | "coalescing" | null = null;
  private pumpTimer: NodeJS.Timeout | null = null;
  private unsentBytes = 0;
  private end: RunEnd | null = null;
  private endTimer: NodeJS.Timeout | null = null;
  /** The snapshot being built or built last (see SNAPSHOT_SHARE_MS). */
  private shared: SharedSnapshot | null = null;

  constructor(private readonly source: FanoutSource) {}

  /**
   * New output (`bytes` of it) is in the ring. A small read leaves at the next turn of the event
   * loop (typing stays immediate); a large one waits a moment for the reads after it, unless a
   * frame's worth is already waiting: fewer, larger frames under load.
   */
  wake(bytes: number): void {
    this.unsentBytes += bytes;
    if (this.pumpScheduled === "soon") return;
    if (this.pumpScheduled === "coalescing") {
      if (this.unsentBytes < MAX_FRAME_BYTES) return;
      clearTimeout(this.pumpTimer!);
    }
    if (bytes < FLOOD_READ_BYTES || this.unsentBytes >= MAX_FRAME_BYTES) {
      this.pumpScheduled = "soon";
      setImmediate(() => this.pumpAll());
    } else {
      this.pumpScheduled = "coalescing";
      this.pumpTimer = setTimeout(() => this.pumpAll(), FRAME_COALESCE_MS);
    }
  }

  private pumpAll(): void {
    this.pumpScheduled = null;
    this.pumpTimer = null;
    this.unsentBytes = 0;
    for (const v of this.viewers) this.pump(v);
  }

  attach(sink: ViewerSink, runner: boolean): ViewerHandle {
    const v: Viewer = {
      sink,
      runner,
      sentSeq: -1,
      sentBytes: 0,
      ackedBytes: 0,
      inflight: [],
      received: 0,
      waiting: false,
      resyncing: false,
      ended: false,
    };
    this.viewers.add(v);
    sink.deliver({ kind: "resize", ...this.source.size() });
    // A viewer who arrives after output began starts from a snapshot of the screen, then follows.
    if (this.source.ring.lastSeq >= 0) this.resync(v);
    else this.pump(v);
    return {
      ack: (seq) => this.ack(v, seq),
      detach: () => {
        this.viewers.delete(v);
        this.updateRunnerBlocked();
      },
    };
  }

  resized(cols: number, rows: number): void {
    for (const v of this.viewers) v.sink.deliver({ kind: "resize", cols, rows });
  }

  /** Tells every viewer how the run ended, once each has caught up with the output; idempotent. */
  finish(end: RunEnd): void {
    if (this.end) return;
    this.end = end;
    for (const v of this.viewers) this.pump(v);
    if (this.viewers.size === 0) return;
    this.endTimer = setTimeout(() => {
      for (const v of this.viewers) if (!v.ended) v.sink.close?.("This viewer stopped reading the output.");
      this.viewers.clear();
    }, END_GRACE_MS);
  }

  private pump(v: Viewer): void {
    const ring = this.source.ring;
    while (!v.waiting && !v.resyncing && v.sentSeq < ring.lastSeq) {
      const first = ring.get(v.sentSeq + 1);
      if (!first) {
        // What it needs next has left the ring: it starts again from the screen.
        this.resync(v);
        return;
      }
      const parts = [first.data];
      let bytes = first.data.length;
      let last = first.seq;
      // A frame fills at most what is left of the viewer's window: the window stays a bound.
      const limit = Math.min(MAX_FRAME_BYTES, HIGH_WATER_BYTES - (v.sentBytes - v.ackedBytes));
      while (last < ring.lastSeq && bytes + ring.get(last + 1)!.data.length <= limit) {
        const next = ring.get(last + 1)!;
        parts.push(next.data);
        bytes += next.data.length;
        last = next.seq;
      }
      this.send(v, last, bytes, { kind: "chunk", seq: last, parts, bytes });
      v.received = ring.endOffset(last);
    }
    if (this.end && !v.ended && !v.resyncing && v.sentSeq >= ring.lastSeq) this.finishViewer(v);
  }

  private send(v: Viewer, seq: number, bytes: number, msg: ViewerMessage): void {
    v.sink.deliver(msg);
    v.sentSeq = seq;
    v.sentBytes += bytes;
    v.inflight.push({ seq, end: v.sentBytes });
    if (v.sentBytes - v.ackedBytes >= HIGH_WATER_BYTES) {
      v.waiting = true;
      // The runner's own window may hold the command back (see runnerHolds); anyone else just falls behind.
      if (v.runner) this.updateRunnerBlocked();
    }
  }

  private resync(v: Viewer): void {
    v.resyncing = true;
    const ring = this.source.ring;
    // What this viewer never got: the screen shows the newest output; the rest is in the stored output.
    const skippedBytes = Math.max(0, ring.startOffset - v.received);
    const { cols, rows } = this.source.size();
    void this.sharedSnapshot(cols, rows)
      .then(({ data, upTo, upToOffset }) => {
        v.resyncing = false;
        if (!this.viewers.has(v)) return;
        this.send(v, upTo, data.length, { kind: "snapshot", seq: upTo, data, cols, rows, skippedBytes });
        v.received = upToOffset;
        this.pump(v);
      })
      .catch((err: Error) => {
        v.resyncing = false;
        v.sink.close?.(`Could not catch up with the output: ${err.message}`);
      });
  }

  /** The screen now, or one being built or built a moment ago whose sequel the ring still holds. */
  private sharedSnapshot(cols: number, rows: number): Promise<Snapshot> {
    const s = this.shared;
    const ring = this.source.ring;
    const usable =
      s !== null &&
      s.cols === cols &&
      s.rows === rows &&
      (s.built === null ||
        (performance.now() - s.built.at < SNAPSHOT_SHARE_MS && (s.built.upTo >= ring.lastSeq || ring.get(s.built.upTo + 1) !== undefined)));
    if (usable) return s.screen;
    const entry: SharedSnapshot = { cols, rows, screen: this.snapshot(cols, rows), built: null };
    entry.screen.then(
      ({ upTo }) => (entry.built = { at: performance.now(), upTo }),
      () => {
        if (this.shared === entry) this.shared = null;
      },
    );
    this.shared = entry;
    return entry.screen;
  }

  private async snapshot(cols: number, rows: number): Promise<Snapshot> {
    const { data, taken } = await renderRecent(
      (maxBytes) => {
        const input = this.source.snapshotInput(maxBytes);
        // Now: by the time the screen is rendered, that chunk may have left the ring.
        return { ...input, upToOffset: this.source.ring.endOffset(input.upTo) };
      },
      cols,
      rows,
    );
    return { data: this.source.maskRendered(data), upTo: taken.upTo, upToOffset: taken.upToOffset };
  }

  private ack(v: Viewer, seq: number): void {
    while (v.inflight.length && v.inflight[0]!.seq <= seq) v.ackedBytes = v.inflight.shift()!.end;
    if (v.waiting && v.sentBytes - v.ackedBytes <= LOW_WATER_BYTES) {
      v.waiting = false;
      if (v.runner) this.updateRunnerBlocked();
      this.pump(v);
    }
  }

  /** Looks again at whether the runner holds the command (they stopped typing, say). */
  updateRunnerBlocked(): void {
    // A runner who closed the tab must not leave the command paused forever.
    const blocked = this.source.live() && this.source.runnerHolds() && [...this.viewers].some((v) => v.runner && v.waiting);
    this.source.runnerBlocked(blocked);
  }

  private finishViewer(v: Viewer): void {
    v.ended = true;
    v.sink.deliver({ kind: "end", end: this.end! });
    this.viewers.delete(v);
    if (this.viewers.size === 0 && this.endTimer) {
      clearTimeout(this.endTimer);
      this.endTimer = null;
    }
  }
}
