import { z } from "zod";
import { confirmRunAll, resumeRunAll, skipRunAll, startRunAll, stopRunAll } from "../../runall/run-all-actions";
import { ZCommandId, ZIncidentId, ZRunAllId, ZRunId } from "../../shared/ids";
import { ZRunAllScope } from "../../shared/run-all";
import { ZRisk } from "../../shared/risk";
import { responderProcedure, router } from "../../trpc/init";

const ZStepId = z.string().min(1).max(300);
const ZOnRunAll = z.object({ incidentId: ZIncidentId, runAllId: ZRunAllId });
const ok = { ok: true as const };
const ZOk = z.object({ ok: z.literal(true) });

export const runAllRouter = router({
  /** Run step (scope "step") or Run all from here ("from-here"). */
  start: responderProcedure
    .input(z.object({ incidentId: ZIncidentId, fromStepId: ZStepId, scope: ZRunAllScope }))
    .output(z.object({ runAllId: ZRunAllId }))
    .mutation(({ ctx, input }) => startRunAll(ctx.db, ctx.cfg, ctx.actor, input)),
  stop: responderProcedure
    .input(ZOnRunAll.extend({ cancelCurrent: z.boolean().default(false) }))
    .output(ZOk)
    .mutation(async ({ ctx, input }) => (await stopRunAll(ctx.db, ctx.cfg, ctx.actor, input), ok)),
  resume: responderProcedure
    .input(ZOnRunAll)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => (await resumeRunAll(ctx.db, ctx.cfg, ctx.actor, input), ok)),
  skip: responderProcedure
    .input(
      ZOnRunAll.extend({
        reason: z.string().trim().min(1, "Say why the command is skipped.").max(2000, "A reason is at most 2000 characters."),
      }),
    )
    .output(ZOk)
    .mutation(async ({ ctx, input }) => (await skipRunAll(ctx.db, ctx.cfg, ctx.actor, input), ok)),
  /** The confirmation a paused run-all waits for: the command runs as the person confirming. */
  confirm: responderProcedure
    .input(
      ZOnRunAll.extend({
        commandId: ZCommandId,
        confirmed: ZRisk.optional(),
        confirmWord: z.string().max(200).optional(),
        approvalId: z.string().max(60).optional(),
      }),
    )
    .output(z.object({ runId: ZRunId, runnerToken: z.string() }))
    .mutation(({ ctx, input }) => confirmRunAll(ctx.db, ctx.cfg, ctx.actor, { ...input, runnerUserId: ctx.user.id })),
});
