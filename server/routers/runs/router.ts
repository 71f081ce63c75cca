import { router } from "../../trpc/init";
import { startRunProcedure } from "./start-run";
import { stopRunProcedure } from "./stop-run";

export const runsRouter = router({ start: startRunProcedure, stop: stopRunProcedure });
