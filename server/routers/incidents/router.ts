import { router } from "../../trpc/init";
import { createIncidentProcedure } from "./create-incident";
import { exportIncidentProcedure } from "./export-incident";
import { getIncidentProcedure } from "./get-incident";
import { addNoteProcedure } from "./add-note";
import { changeStatusProcedure } from "./change-status";
import { checkItemProcedure } from "./check-item";
import { assignCommanderProcedure, changeSeverityProcedure, escalateProcedure, flagMomentProcedure } from "./incident-roles";
import { listIncidentsProcedure } from "./list-incidents";
import { markStepProcedure } from "./mark-step";
import { setVariableProcedure } from "./set-variable";
import { suggestChangesProcedure } from "./suggest-changes";
import { watchEventsProcedure } from "./watch-events";

export const incidentsRouter = router({
  create: createIncidentProcedure,
  get: getIncidentProcedure,
  list: listIncidentsProcedure,
  setVariable: setVariableProcedure,
  events: watchEventsProcedure,
  changeStatus: changeStatusProcedure,
  addNote: addNoteProcedure,
  checkItem: checkItemProcedure,
  changeSeverity: changeSeverityProcedure,
  assignCommander: assignCommanderProcedure,
  flagMoment: flagMomentProcedure,
  markStep: markStepProcedure,
  escalate: escalateProcedure,
  export: exportIncidentProcedure,
  suggestChanges: suggestChangesProcedure,
});
