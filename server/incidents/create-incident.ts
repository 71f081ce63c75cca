import type { PrismaClient } from "../generated/prisma/client";
import type { LoadedRunbook } from "../runbooks/catalog";
import { AppError } from "../errors";
import { TOO_LARGE } from "../runbooks/markdown/input-hygiene";
import { newId } from "../shared/new-id";
import { appendEvent } from "../timeline/append-event";

export async function createIncident(
  db: PrismaClient,
  runbook: LoadedRunbook,
  actor: string,
  /** An alert's `severity` label, over the runbook's. */
  opts: { severity?: string } = {},
): Promise<{ id: string }> {
  const tooLarge = runbook.runbook.diagnostics.find((d) => d.rule === TOO_LARGE);
  if (tooLarge) throw new AppError("BAD_REQUEST", `No incident can be opened on ${runbook.file}: ${tooLarge.message}`);
  const id = newId("inc");
  const title = runbook.runbook.meta.title;
  await db.$transaction(async (tx) => {
    await tx.incident.create({
      data: {
        id,
        title,
        runbookSlug: runbook.slug,
        runbookSha256: runbook.sha256,
        // The snapshot is what runs: editing the file later does not change an open incident.
        runbookContent: runbook.content,
        severity: opts.severity || runbook.runbook.meta.severity || "unknown",
        openedBy: actor,
      },
    });
    await appendEvent(tx, {
      incidentId: id,
      actor,
      body: { type: "incident.opened", payload: { title, runbookSlug: runbook.slug, runbookSha256: runbook.sha256 } },
    });
  });
  return { id };
}
