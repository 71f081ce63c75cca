import { router } from "../../trpc/init";
import { createIncidentProcedure } from "./create-incident";
import { getIncidentProcedure } from "./get-incident";
import { setVariableProcedure } from "./set-variable";
import { watchEventsProcedure } from "./watch-events";

export const incidentsRouter = router({ create: createIncidentProcedure, get: getIncidentProcedure, setVariable: setVariableProcedure, events: watchEventsProcedure });
