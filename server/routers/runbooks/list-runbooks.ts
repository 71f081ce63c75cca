import { listRunbooks } from "../../runbooks/catalog";
import { viewerProcedure } from "../../trpc/init";

export const listRunbooksProcedure = viewerProcedure.query(({ ctx }) => listRunbooks(ctx.cfg.runbooksDir));
