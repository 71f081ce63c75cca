import { tracked, TRPCError } from "@trpc/server";
import { onAccessChange } from "../../auth/access-events";
import { hasRole } from "../../shared/roles";
import { SESSION_RECHECK_MS } from "../../shared/limits";
import { z } from "zod";
import { ZIncidentId } from "../../shared/ids";
import { readEvents } from "../../timeline/read-events";
import { feedOf } from "../../timeline/timeline-feed";
import { viewerProcedure } from "../../trpc/init";

/**
 * Server-sent events of an incident's timeline: everything after `afterSeq` (or after the last
 * event id the client saw, on reconnect), then each new event as it is appended.
 */
export const watchEventsProcedure = viewerProcedure
  .input(z.object({ id: ZIncidentId, afterSeq: z.number().int().min(-1).default(-1), lastEventId: z.string().regex(/^\d+$/).nullish() }))
  .subscription(async function* ({ ctx, input, signal }) {
    // Ends when the client goes, or when the account loses access (checked every few seconds,
    // and at once when an admin changes it through this process).
    const ended = new AbortController();
    signal?.addEventListener("abort", () => ended.abort(), { once: true });
    const stop = ended.signal;
    let revoked = false;
    const check = async () => {
      const now = ctx.recheckUser ? await ctx.recheckUser() : ctx.user;
      if (!now || now.id !== ctx.user?.id || !hasRole(now.role, "viewer")) {
        revoked = true;
        ended.abort();
      }
    };
    const unsubscribe = onAccessChange((userId) => void (userId === ctx.user?.id && check()));
    let checkedAt = Date.now();
    // A notice only says "look again", so one that comes while reading is kept for the next wait.
    let noticed = false;
    let wake: (() => void) | null = null;
    const watch = feedOf(ctx.db).watch(input.id, () => {
      noticed = true;
      wake?.();
    });
    // Without notices (the database refused the listener) the periodic re-read below still delivers.
    await watch.ready.catch(() => undefined);
    let last = input.lastEventId != null ? Number(input.lastEventId) : input.afterSeq;
    try {
      while (!stop.aborted) {
        noticed = false;
        const events = await readEvents(ctx.db, input.id, last, 500);
        for (const e of events) {
          last = e.seq;
          yield tracked(String(e.seq), e);
        }
        if (events.length === 500) continue;
        if (!noticed) await nextNotice(stop, SESSION_RECHECK_MS, (fn) => (wake = fn));
        wake = null;
        if (Date.now() - checkedAt >= SESSION_RECHECK_MS) {
          checkedAt = Date.now();
          await check();
        }
      }
      if (revoked)
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session ended or your account was disabled: sign in again." });
    } finally {
      unsubscribe();
      watch.stop();
    }
  });

/** Resolves when `setWake`'s function is called, after `ms`, or when `signal` aborts. */
function nextNotice(signal: AbortSignal, ms: number, setWake: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    setWake(done);
  });
}
