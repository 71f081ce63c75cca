import { listOpenIncidents } from "../../incidents/list-incidents";
import { viewerProcedure } from "../../trpc/init";

export const listIncidentsProcedure = viewerProcedure.query(({ ctx }) => listOpenIncidents(ctx.db));
