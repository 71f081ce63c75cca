import { z } from "zod";
import { disableAccount, findAccount, listAccounts } from "../../auth/accounts";
import { accessChanged } from "../../auth/access-events";
import { AppError } from "../../errors";
import type { PrismaClient } from "../../generated/prisma/client";
import { ZRole } from "../../shared/roles";
import { adminProcedure, router } from "../../trpc/init";

const ZEmailInput = z.object({ email: z.email().max(320) });

async function userByEmail(db: PrismaClient, email: string) {
  const user = await findAccount(db, email);
  if (!user) throw new AppError("NOT_FOUND", `No account ${email}.`);
  return user;
}

/** Accounts, for admins (the CLI does the same where the server runs). */
export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listAccounts(ctx.db)),
  setRole: adminProcedure.input(ZEmailInput.extend({ role: ZRole })).mutation(async ({ ctx, input }) => {
    const user = await userByEmail(ctx.db, input.email);
    if (user.id === ctx.user.id && input.role !== "admin")
      throw new AppError("BAD_REQUEST", "You cannot take away your own admin role: ask another admin.");
    await ctx.db.user.update({ where: { id: user.id }, data: { role: input.role } });
    accessChanged(user.id);
    return { ok: true as const };
  }),
  disable: adminProcedure.input(ZEmailInput).mutation(async ({ ctx, input }) => {
    const user = await userByEmail(ctx.db, input.email);
    if (user.id === ctx.user.id) throw new AppError("BAD_REQUEST", "You cannot disable your own account.");
    await disableAccount(ctx.db, user.id, `disabled by ${ctx.actor}`);
    accessChanged(user.id);
    return { ok: true as const };
  }),
});
