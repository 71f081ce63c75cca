import { router } from "../../trpc/init";
import { createIncidentProcedure } from "./create-incident";
import { getIncidentProcedure } from "./get-incident";

export const incidentsRouter = router({ create: createIncidentProcedure, get: getIncidentProcedure });
