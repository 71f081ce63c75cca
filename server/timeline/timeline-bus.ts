import { EventEmitter } from "node:events";

// Tells whoever watches an incident that an event was appended. In-process: with several app
// instances this is where PostgreSQL LISTEN/NOTIFY (or Redis pub/sub) plugs in. Watchers treat
// a notice only as "look again": the event itself is always read back from the database.
const g = globalThis as unknown as { runlogTimelineBus?: EventEmitter };
function bus(): EventEmitter {
  if (!g.runlogTimelineBus) {
    g.runlogTimelineBus = new EventEmitter();
    g.runlogTimelineBus.setMaxListeners(0);
  }
  return g.runlogTimelineBus;
}

export function announceEvent(incidentId: string, seq: number): void {
  bus().emit(incidentId, seq);
}

/** Notices for one incident, from now until `close()`. */
export class IncidentWatch {
  /** The highest sequence number announced so far (possibly not committed yet). */
  announced = -1;
  private wake: (() => void) | null = null;
  private readonly listener = (seq: number) => {
    this.announced = Math.max(this.announced, seq);
    this.wake?.();
  };

  constructor(private readonly incidentId: string) {
    bus().on(incidentId, this.listener);
  }

  /** Resolves at the next notice, after `ms` if given, or when `signal` aborts. */
  next(signal: AbortSignal, ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wake = null;
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = ms === undefined ? null : setTimeout(done, ms);
      this.wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }

  close(): void {
    bus().off(this.incidentId, this.listener);
    this.wake?.();
  }
}
