import type { PtyExit } from "./pty-process";

export interface RunViewer {
  onChunk(seq: number, data: Buffer): void;
  onEnd(exit: PtyExit): void;
}

/**
 * Fan-out of one running command's output to its viewers. Recent chunks are kept (bounded) so
 * a viewer who connects late replays from sequence 0, or from the oldest chunk still held.
 */
export class LiveRun {
  private readonly history: { seq: number; data: Buffer }[] = [];
  private historyBytes = 0;
  private nextSeq = 0;
  private readonly viewers = new Set<RunViewer>();
  exit: PtyExit | null = null;
  /** Set by whoever owns the process: ends it when the server stops. */
  hangUp: () => void = () => undefined;

  constructor(
    readonly runId: string,
    readonly incidentId: string,
    private readonly historyCapBytes = 2 * 1024 * 1024,
  ) {}

  publish(data: Buffer): void {
    const seq = this.nextSeq++;
    this.history.push({ seq, data });
    this.historyBytes += data.length;
    while (this.historyBytes > this.historyCapBytes && this.history.length > 1) {
      this.historyBytes -= this.history.shift()!.data.length;
    }
    for (const v of this.viewers) v.onChunk(seq, data);
  }

  end(exit: PtyExit): void {
    this.exit = exit;
    for (const v of this.viewers) v.onEnd(exit);
    this.viewers.clear();
  }

  /** The oldest sequence number a late viewer can still replay. */
  get firstHeldSeq(): number {
    return this.history[0]?.seq ?? this.nextSeq;
  }

  /** Replays what is held from `fromSeq` on, then streams live. Returns the unsubscribe. */
  attach(viewer: RunViewer, fromSeq = 0): { unsubscribe: () => void } {
    for (const c of this.history) if (c.seq >= fromSeq) viewer.onChunk(c.seq, c.data);
    if (this.exit) {
      viewer.onEnd(this.exit);
      return { unsubscribe: () => undefined };
    }
    this.viewers.add(viewer);
    return { unsubscribe: () => this.viewers.delete(viewer) };
  }
}

// Shared through globalThis: Next's server bundle and the custom server load this module
// separately, and both must see the same running commands.
const g = globalThis as unknown as { runlogLiveRuns?: Map<string, LiveRun> };
export function liveRuns(): Map<string, LiveRun> {
  g.runlogLiveRuns ??= new Map();
  return g.runlogLiveRuns;
}
