import { router } from "../../trpc/init";
import { getRunbookProcedure } from "./get-runbook";
import { listRunbooksProcedure } from "./list-runbooks";
import { searchRunbooksProcedure } from "./search-runbooks";

export const runbooksRouter = router({ list: listRunbooksProcedure, get: getRunbookProcedure, search: searchRunbooksProcedure });
