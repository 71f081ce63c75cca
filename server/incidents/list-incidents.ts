import type { PrismaClient } from "../generated/prisma/client";

/** Lower is more urgent. Runbooks write severity freely ("Critical (Page)", "P1", "warning"). */
export function severityRank(severity: string): number {
  const s = severity.toLowerCase();
  if (/crit|page|p0|sev\s*-?\s*[01]\b|emergency/.test(s)) return 0;
  if (/high|major|p1|sev\s*-?\s*2\b|error/.test(s)) return 1;
  if (/med|warn|p2|sev\s*-?\s*3\b/.test(s)) return 2;
  return 3;
}

/** Open incidents (not resolved), most urgent first, then oldest first, with their last activity. */
export async function listOpenIncidents(db: PrismaClient) {
  const rows = await db.incident.findMany({
    where: { status: { not: "resolved" } },
    select: {
      id: true,
      title: true,
      severity: true,
      status: true,
      openedAt: true,
      openedBy: true,
      runbookSlug: true,
      events: { orderBy: { seq: "desc" }, take: 1, select: { at: true, type: true, actor: true } },
    },
    take: 200,
  });
  return rows
    .map(({ events, ...r }) => ({ ...r, lastActivity: events[0] ?? null }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.openedAt.getTime() - b.openedAt.getTime());
}
