import { tracked, TRPCError } from "@trpc/server";
import { onAccessChange } from "../../auth/access-events";
import { hasRole } from "../../shared/roles";
import { SESSION_RECHECK_MS } from "../../shared/limits";
import { z } from "zod";
import { ZIncidentId } from "../../shared/ids";
import { readEvents } from "../../timeline/read-events";
import { IncidentWatch } from "../../timeline/timeline-bus";
import { viewerProcedure } from "../../trpc/init";

// An announced event not visible yet belongs to a transaction still committing: look again
// shortly, for at most this long (then it was rolled back).
const COMMIT_WAIT_MS = 2000;
const RETRY_MS = 20;

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
    const watch = new IncidentWatch(input.id);
    let last = input.lastEventId != null ? Number(input.lastEventId) : input.afterSeq;
    let waitedForCommit = 0;
    try {
      while (!stop.aborted) {
        const events = await readEvents(ctx.db, input.id, last, 500);
        for (const e of events) {
          last = e.seq;
          yield tracked(String(e.seq), e);
        }
        if (events.length === 500) continue;
        if (watch.announced > last && waitedForCommit < COMMIT_WAIT_MS) {
          waitedForCommit += RETRY_MS;
          await watch.next(stop, RETRY_MS);
          continue;
        }
        waitedForCommit = 0;
        await watch.next(stop, SESSION_RECHECK_MS);
        if (Date.now() - checkedAt >= SESSION_RECHECK_MS) {
          checkedAt = Date.now();
          await check();
        }
      }
      if (revoked)
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session ended or your account was disabled: sign in again." });
    } finally {
      unsubscribe();
      watch.close();
    }
  });
