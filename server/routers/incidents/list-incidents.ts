import { listOpenIncidents } from "../../incidents/list-incidents";
import { publicProcedure } from "../../trpc/init";

export const listIncidentsProcedure = publicProcedure.query(({ ctx }) => listOpenIncidents(ctx.db));
