import type { PrismaClient } from "../generated/prisma/client";
import { notificationSettings, onNotificationQueued } from "./outbox";

const POLL_MS = 1000;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const MAX_DELAY_MS = 5 * 60_000;

/** The wait before try n+1 (n ≥ 1): doubling from the first, at most 5 minutes. */
export function retryDelay(firstMs: number, attempts: number): number {
  return Math.min(firstMs * 2 ** (attempts - 1), MAX_DELAY_MS);
}

/**
 * Sends queued notifications: due ones are claimed (compare-and-set, with a lease, so that two
 * instances never both send one and a crashed sender's claim lapses), posted, and recorded as
 * delivered, or retried with backoff until the attempts run out (then failed). Never in the way
 * of the action that queued them.
 */
export function startNotificationDelivery(db: PrismaClient): { stop(): void; drain(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const pass = async () => {
    const settings = notificationSettings();
    if (!settings) return;
    const now = new Date();
    const due = await db.notification.findMany({
      where: {
        OR: [
          { status: "pending", nextAt: { lte: now } },
          { status: "sending", leaseUntil: { lt: now } },
        ],
      },
      orderBy: { nextAt: "asc" },
      take: 20,
    });
    await Promise.all(
      due.map(async (n) => {
        const { count } = await db.notification.updateMany({
          where: { id: n.id, status: n.status, attempts: n.attempts },
          data: { status: "sending", leaseUntil: new Date(Date.now() + LEASE_MS) },
        });
        if (count === 0) return;
        const error = await post(n.url, n.body, headersFor(n.target));
        const attempts = n.attempts + 1;
        if (error === null) {
          await db.notification.update({
            where: { id: n.id },
            data: { status: "delivered", attempts, deliveredAt: new Date(), lastError: null, leaseUntil: null },
          });
        } else {
          const failed = attempts >= settings.attempts;
          await db.notification.update({
            where: { id: n.id },
            data: {
              status: failed ? "failed" : "pending",
              attempts,
              lastError: error,
              leaseUntil: null,
              nextAt: new Date(Date.now() + retryDelay(settings.firstRetryMs, attempts)),
            },
          });
        }
      }),
    );
    if (due.length === 20) again = true;
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((err: unknown) => console.error(`runlog: notification delivery: ${(err as Error).message}`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  onNotificationQueued(kick);
  const timer = setInterval(kick, POLL_MS);
  timer.unref();
  kick();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      onNotificationQueued(undefined);
    },
    async drain() {
      while (running) await running;
    },
  };
}

function headersFor(targetName: string): Record<string, string> {
  return notificationSettings()?.webhooks.find((w) => w.name === targetName)?.headers ?? {};
}

/** Null when the receiver took it (2xx); else what went wrong, for the admin's list. */
async function post(url: string, body: string, headers: Record<string, string>): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "user-agent": "Runlog notifications" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message;
  }
}
