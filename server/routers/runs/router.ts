import { router } from "../../trpc/init";
import { startRunProcedure } from "./start-run";

export const runsRouter = router({ start: startRunProcedure });
