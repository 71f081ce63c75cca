import { listRunbooks } from "../../runbooks/catalog";
import { publicProcedure } from "../../trpc/init";

export const listRunbooksProcedure = publicProcedure.query(({ ctx }) => listRunbooks(ctx.cfg.runbooksDir));
