import { EventEmitter } from "node:events";
import pg from "pg";
import type { Prisma, PrismaClient } from "../generated/prisma/client";

/**
 * Notices of timeline appends, delivered when the appending transaction commits (never for one
 * rolled back), to every watcher of every instance on the same database. PostgreSQL does this
 * with NOTIFY; the embedded SQLite database has one process, and its driver adapter runs the
 * same statement (`SELECT pg_notify(…)`) through a function that holds the notice until COMMIT.
 * Watchers treat a notice as "look again": the event itself is always read back from the
 * database, after the last sequence number they sent, so a missed notice costs time, not events.
 */
export const TIMELINE_CHANNEL = "runlog_timeline";

type Tx = Prisma.TransactionClient | PrismaClient;

/** A notice's payload: which incident, which sequence number (`parseNotice` reads it back). */
export function noticeOf(incidentId: string, seq: number): string {
  return `${incidentId} ${seq}`;
}

/** Part of an append: the notice that goes out with the transaction's commit. */
export async function notifyAppended(tx: Tx, incidentId: string, seq: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${TIMELINE_CHANNEL}, ${noticeOf(incidentId, seq)})`;
}

/** Where a database client's notices arrive. */
export interface TimelineFeed {
  /** Calls `onNotice` for each committed append to the incident, and with `null` when notices may have been missed (a reconnect). */
  watch(incidentId: string, onNotice: (seq: number | null) => void): FeedWatch;
  close(): Promise<void>;
}

export interface FeedWatch {
  /** Resolves once notices are flowing: an append committed after this is noticed. */
  ready: Promise<void>;
  stop(): void;
}

const RESYNC = Symbol("resync");

/** The notices of one process's own appends (the embedded database): commit hooks feed it. */
export class LocalFeed implements TimelineFeed {
  protected readonly bus = new EventEmitter().setMaxListeners(0);

  deliver(payload: string): void {
    const parsed = parseNotice(payload);
    if (parsed) this.bus.emit(parsed.incidentId, parsed.seq);
  }

  watch(incidentId: string, onNotice: (seq: number | null) => void): FeedWatch {
    const resync = () => onNotice(null);
    this.bus.on(incidentId, onNotice);
    this.bus.on(RESYNC, resync);
    this.started();
    let stopped = false;
    return {
      ready: this.listening(),
      stop: () => {
        if (stopped) return;
        stopped = true;
        this.bus.off(incidentId, onNotice);
        this.bus.off(RESYNC, resync);
        this.stoppedOne();
      },
    };
  }

  protected started(): void {}
  protected stoppedOne(): void {}
  protected listening(): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {
    this.bus.removeAllListeners();
  }
}

// A LISTEN connection that breaks is opened again after this long (doubling, up to the cap).
const RECONNECT_MS = 200;
const RECONNECT_CAP_MS = 5000;

/**
 * PostgreSQL's notices: one LISTEN connection per process, open while someone watches. After a
 * reconnect every watcher is told to look again, so nothing committed meanwhile is skipped.
 */
export class PostgresFeed extends LocalFeed {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private watchers = 0;
  private retryMs = RECONNECT_MS;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {
    super();
  }

  protected override started(): void {
    this.watchers += 1;
  }

  protected override stoppedOne(): void {
    this.watchers -= 1;
    if (this.watchers === 0) void this.disconnect();
  }

  protected override listening(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (n) => {
      if (n.channel === TIMELINE_CHANNEL && n.payload) this.deliver(n.payload);
    });
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${TIMELINE_CHANNEL}`);
    } catch (err) {
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
      throw err;
    }
    if (this.watchers === 0) {
      await client.end();
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_MS;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.watchers > 0) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.watchers === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.listening().then(
        () => this.bus.emit(RESYNC),
        () => undefined,
      );
    }, this.retryMs);
    this.retryMs = Math.min(RECONNECT_CAP_MS, this.retryMs * 2);
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await client?.end().catch(() => undefined);
  }

  /** For tests and failure drills: the LISTEN connection's backend, to terminate it from outside. */
  async listenerPid(): Promise<number | null> {
    await this.listening();
    const row = await this.client?.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    return row?.rows[0]?.pid ?? null;
  }

  override async close(): Promise<void> {
    this.watchers = 0;
    await this.disconnect();
    await super.close();
  }
}

function parseNotice(payload: string): { incidentId: string; seq: number } | null {
  const m = /^(\S+) (\d+)$/.exec(payload);
  return m ? { incidentId: m[1]!, seq: Number(m[2]) } : null;
}

// Which feed belongs to which client: the SQLite and PostgreSQL clients of one process (a copy,
// a test) each have their own.
const feeds = new WeakMap<object, TimelineFeed>();

export function attachFeed(client: PrismaClient, feed: TimelineFeed): void {
  feeds.set(client, feed);
}

export function feedOf(client: PrismaClient): TimelineFeed {
  const feed = feeds.get(client);
  if (!feed) throw new Error("This database client has no timeline feed: create it with createPrisma(cfg).");
  return feed;
}
