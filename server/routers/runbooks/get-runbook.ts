import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { loadRunbook } from "../../runbooks/catalog";
import { ZRunbookSlug } from "../../shared/runbook";
import { viewerProcedure } from "../../trpc/init";

export const ZGetRunbookRequest = z.object({ slug: ZRunbookSlug });

export const getRunbookProcedure = viewerProcedure.input(ZGetRunbookRequest).query(async ({ ctx, input }) => {
  try {
    const loaded = await loadRunbook(ctx.cfg.runbooksDir, input.slug);
    if (!loaded) throw new TRPCError({ code: "NOT_FOUND", message: `No runbook "${input.slug}".` });
    return { ok: true as const, slug: loaded.slug, file: loaded.file, sha256: loaded.sha256, runbook: loaded.runbook };
  } catch (err) {
    if (err instanceof TRPCError) throw err;
    return { ok: false as const, slug: input.slug, error: (err as Error).message };
  }
});
