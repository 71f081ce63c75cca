import { searchRunbooks } from "../../runbooks/runbook-search";
import { SEARCH_RESULTS_MAX, ZRunbookSearchRequest } from "../../shared/runbook-search";
import { viewerProcedure } from "../../trpc/init";

export const searchRunbooksProcedure = viewerProcedure
  .input(ZRunbookSearchRequest)
  .query(({ ctx, input }) => searchRunbooks(ctx.cfg.runbooksDir, input.q, SEARCH_RESULTS_MAX));
