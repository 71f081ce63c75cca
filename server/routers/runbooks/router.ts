import { router } from "../../trpc/init";
import { getRunbookProcedure } from "./get-runbook";
import { listRunbooksProcedure } from "./list-runbooks";

export const runbooksRouter = router({ list: listRunbooksProcedure, get: getRunbookProcedure });
