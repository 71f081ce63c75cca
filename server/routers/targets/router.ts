import { z } from "zod";
import { secretBox } from "../../secrets/secret-box";
import { fingerprints } from "../../targets/host-keys";
import { checkTarget, describeTarget } from "../../targets/transport";
import { getTarget, listTargets } from "../../targets/target-store";
import { ZTargetName } from "../../targets/target-spec";
import { adminProcedure, router } from "../../trpc/init";

export const targetsRouter = router({
  /** The targets commands may run on, with their pinned host keys (never the private key). */
  list: adminProcedure.query(async ({ ctx }) =>
    Promise.all(
      (await listTargets(ctx.db)).map(async (t) => ({
        name: t.name,
        address: describeTarget(t),
        credential:
          t.kind !== "ssh"
            ? t.via
              ? `through ${t.via}`
              : "the Runlog server's own"
            : t.keySealed
              ? "key stored (encrypted)"
              : `agent ${t.agentSocket ?? "?"}`,
        hostKeys: await fingerprints(t.knownHosts.split("\n")),
        minRole: t.minRole,
        approval: t.approval,
        createdBy: t.createdBy,
        createdAt: t.createdAt,
      })),
    ),
  ),
  /** Connects with the pinned host key and runs `true`, as `runlog target test` does. */
  test: adminProcedure
    .input(z.object({ name: ZTargetName }))
    .mutation(async ({ ctx, input }) =>
      checkTarget(await getTarget(ctx.db, input.name), (name) => getTarget(ctx.db, name), secretBox(ctx.cfg)),
    ),
});
