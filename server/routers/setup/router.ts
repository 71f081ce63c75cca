import { createFirstAdmin, ZFirstAdmin } from "../../auth/first-admin";
import { publicProcedure, router } from "../../trpc/init";

/** Nobody is signed in before the first account exists: the setup link's token is the guard. */
export const setupRouter = router({
  createFirstAdmin: publicProcedure.input(ZFirstAdmin).mutation(async ({ ctx, input }) => {
    const created = await createFirstAdmin(ctx.db, ctx.cfg, input);
    console.log(`runlog: first admin ${created.email} created through the setup link`);
    return created;
  }),
});
