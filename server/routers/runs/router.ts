import { router } from "../../trpc/init";
import { decideApprovalProcedure, requestApprovalProcedure, runGuardProcedure, startRunProcedure } from "./start-run";
import { runOutputProcedure } from "./run-output";
import { stopRunProcedure } from "./stop-run";

export const runsRouter = router({
  start: startRunProcedure,
  stop: stopRunProcedure,
  guard: runGuardProcedure,
  requestApproval: requestApprovalProcedure,
  decideApproval: decideApprovalProcedure,
  output: runOutputProcedure,
});
