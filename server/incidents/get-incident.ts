import { SECRET_MASK } from "../exec/secret-masker";
import { viewOf } from "../runall/run-all-store";
import { alertView } from "../alerts/alert-views";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { commandEnv } from "../runs/command-env";
import { missingByRunnable, runVariables, sessionVars, variableSources } from "../runs/run-plan";
import { toEvent } from "../timeline/read-events";
import { codeBlocks, type RunbookSection } from "../shared/runbook";
import { targetViews } from "../targets/resolve-target";
import { verifyRows } from "../timeline/verify-chain";

export type IncidentView = NonNullable<Awaited<ReturnType<typeof getIncident>>>;

/**
 * The incident with its runbook snapshot parsed, its runs, variables (secret values masked),
 * the shell variables its commands left, and its timeline; null if unknown.
 */
export async function getIncident(db: PrismaClient, id: string, passThrough: string[] = []) {
  const incident = await db.incident.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      runbookSlug: true,
      runbookSha256: true,
      runbookContent: true,
      severity: true,
      status: true,
      openedBy: true,
      openedAt: true,
      mitigatedAt: true,
      resolvedAt: true,
      commander: true,
      shellCwd: true,
      shellVars: true,
    },
  });
  if (!incident) return null;
  const [runs, rows, variables, participants, approvals, runAlls, alerts] = await Promise.all([
    db.run.findMany({
      where: { incidentId: id },
      orderBy: { startedAt: "asc" },
      select: {
        id: true,
        commandId: true,
        commandText: true,
        originalText: true,
        startedBy: true,
        startedAt: true,
        finishedAt: true,
        exitCode: true,
        signal: true,
        status: true,
        outputTail: true,
        outputTailCut: true,
        outputBytes: true,
        checkPassed: true,
        runAllId: true,
      },
    }),
    // Read once: the same rows are shown and their hash chain checked.
    db.timelineEvent.findMany({ where: { incidentId: id }, orderBy: { seq: "asc" } }),
    db.incidentVariable.findMany({ where: { incidentId: id }, orderBy: { name: "asc" } }),
    db.incidentParticipant.findMany({
      where: { incidentId: id },
      orderBy: { firstAt: "asc" },
      select: { actor: true, firstAt: true, lastAt: true, events: true },
    }),
    db.approval.findMany({
      where: { incidentId: id },
      orderBy: { requestedAt: "asc" },
      select: {
        id: true,
        commandId: true,
        text: true,
        requestedBy: true,
        requestedAt: true,
        decision: true,
        decidedBy: true,
        reason: true,
        usedByRunId: true,
      },
    }),
    db.runAll.findMany({ where: { incidentId: id }, orderBy: { startedAt: "asc" } }),
    db.alert.findMany({ where: { incidentId: id }, orderBy: { firstAt: "asc" } }),
  ]);
  const events = rows.map(toEvent);
  const chain = verifyRows(rows);
  const { runbook } = await parseContent(incident.runbookContent);
  const { runbookContent: _content, shellVars, ...header } = incident;
  // Only the names matter here: values (secrets included) stay sealed.
  const env = commandEnv(
    runVariables(variables, runbook.variables, () => ""),
    { passThrough },
  );
  const missingVariables = await missingByRunnable(runbook.sections, variableSources(env, shellVars));
  const targets = await targetViews(db, runnablesOf(runbook.sections), variables);
  return {
    incident: header,
    runbook,
    runs,
    events,
    participants,
    approvals,
    variables: variables.map((v) => ({
      name: v.name,
      secret: v.secret,
      value: v.secret ? SECRET_MASK : v.value,
      emptyOnPurpose: v.emptyOnPurpose,
      setBy: v.setBy,
      setAt: v.setAt,
    })),
    shell: { cwd: header.shellCwd, vars: sessionVars(shellVars) },
    /** Every Run step / Run all from here, oldest first: the last one is the one that can go on. */
    runAlls: runAlls.map(viewOf),
    /** The alert(s) the incident was opened for. */
    alerts: alerts.map(alertView),
    /** Per command and block: the variables it reads that nothing sets; Run is refused until they are. */
    missingVariables,
    /** Per command and block with a target: where it would run now, or why that is not known yet. */
    targets,
    chain,
  };
}

/** Every command and block, with the target it names. */
function runnablesOf(sections: RunbookSection[]): { id: string; target: string | null }[] {
  return sections.flatMap((section) =>
    codeBlocks(section).flatMap((block) => [
      ...block.commands.map((c) => ({ id: c.id, target: c.target })),
      ...(block.commands.length ? [{ id: block.id, target: block.commands[0]!.target }] : []),
    ]),
  );
}
