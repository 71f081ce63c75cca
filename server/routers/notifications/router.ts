import { z } from "zod";
import { adminProcedure, router } from "../../trpc/init";

export const notificationsRouter = router({
  /** The latest outgoing notifications and how their delivery went, for admins. */
  list: adminProcedure
    .input(z.object({ take: z.number().int().min(1).max(500).default(200) }).default({ take: 200 }))
    .query(({ ctx, input }) =>
      ctx.db.notification.findMany({
        orderBy: { createdAt: "desc" },
        take: input.take,
        select: {
          id: true,
          target: true,
          format: true,
          eventType: true,
          incidentId: true,
          status: true,
          attempts: true,
          lastError: true,
          createdAt: true,
          deliveredAt: true,
          nextAt: true,
        },
      }),
    ),
});
