import { z } from "zod";
import {
  assignCommander,
  changeSeverity,
  escalate,
  flagMoment,
  ZAssignCommanderInput,
  ZChangeSeverityInput,
  ZEscalateInput,
  ZFlagMomentInput,
} from "../../incidents/incident-roles";
import { ZIncidentId } from "../../shared/ids";
import { commanderProcedure, responderProcedure } from "../../trpc/init";

const ok = z.object({ ok: z.literal(true) });

export const changeSeverityProcedure = commanderProcedure
  .input(ZChangeSeverityInput.extend({ incidentId: ZIncidentId }))
  .output(ok)
  .mutation(async ({ ctx, input }) => (await changeSeverity(ctx.db, ctx.actor, input), { ok: true as const }));

export const assignCommanderProcedure = commanderProcedure
  .input(ZAssignCommanderInput.extend({ incidentId: ZIncidentId }))
  .output(ok)
  .mutation(async ({ ctx, input }) => (await assignCommander(ctx.db, ctx.actor, input), { ok: true as const }));

export const flagMomentProcedure = responderProcedure
  .input(ZFlagMomentInput.extend({ incidentId: ZIncidentId }))
  .output(ok)
  .mutation(async ({ ctx, input }) => (await flagMoment(ctx.db, ctx.actor, input), { ok: true as const }));

export const escalateProcedure = responderProcedure
  .input(ZEscalateInput.extend({ incidentId: ZIncidentId }))
  .output(ok)
  .mutation(async ({ ctx, input }) => (await escalate(ctx.db, ctx.actor, input), { ok: true as const }));
