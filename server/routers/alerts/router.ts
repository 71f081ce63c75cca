import { z } from "zod";
import { unroutedAlerts } from "../../alerts/alert-views";
import { openUnroutedAlert } from "../../alerts/open-unrouted";
import { ZRunbookSlug } from "../../shared/runbook";
import { responderProcedure, router } from "../../trpc/init";

export const alertsRouter = router({
  /** Alerts no runbook names, still firing: the home page's Unrouted alerts. */
  unrouted: responderProcedure.query(({ ctx }) => unroutedAlerts(ctx.db)),
  open: responderProcedure
    .input(z.object({ alertId: z.string().regex(/^alr_[a-z0-9]{10,32}$/, "Not an alert id."), runbookSlug: ZRunbookSlug }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => openUnroutedAlert(ctx.db, ctx.cfg, ctx.actor, input)),
});
