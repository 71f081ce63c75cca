import { AppError } from "../errors";
import { SECRET_MASK } from "../exec/secret-masker";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import type { Postmortem } from "../shared/postmortem";
import type { TimelineEvent } from "../shared/timeline";
import { toEvent } from "../timeline/read-events";
import { latestAnchor } from "../timeline/chain-anchor";
import { verifyRows } from "../timeline/verify-chain";
import { summarizeEvent } from "./event-summary";
import { rootCauseChecklist } from "./root-cause-checklist";
import { keyFigures } from "../shared/timeline-figures";
import { isRunAllEvent, summarizeRunAllEvent } from "../shared/run-all-summary";
import { viewOf } from "../runall/run-all-store";
import { alertView } from "../alerts/alert-views";

const EXCERPT_LINES = 10;
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Everything the postmortem needs about one incident, from the database as it is: header, key
 * figures, escalation, the whole timeline, every command run with an output excerpt, notes,
 * steps, checklist, approvals, the runbook's root-cause list, and the hash chain's verdict.
 */
export async function buildPostmortem(db: PrismaClient, incidentId: string, now = new Date()): Promise<Postmortem> {
  const incident = await db.incident.findUnique({ where: { id: incidentId } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${incidentId}.`);
  const [rows, runs, variables, participants, approvals, runAlls, alerts] = await Promise.all([
    db.timelineEvent.findMany({ where: { incidentId }, orderBy: { seq: "asc" } }),
    db.run.findMany({ where: { incidentId }, orderBy: { startedAt: "asc" } }),
    db.incidentVariable.findMany({ where: { incidentId }, orderBy: { name: "asc" } }),
    db.incidentParticipant.findMany({ where: { incidentId }, orderBy: { firstAt: "asc" } }),
    db.approval.findMany({ where: { incidentId }, orderBy: { requestedAt: "asc" } }),
    db.runAll.findMany({ where: { incidentId }, orderBy: { startedAt: "asc" } }),
    db.alert.findMany({ where: { incidentId }, orderBy: { firstAt: "asc" } }),
  ]);
  const users = await db.user.findMany({ where: { email: { in: participants.map((p) => p.actor) } }, select: { email: true, role: true } });
  const roleOf = new Map(users.map((u) => [u.email, u.role ?? "viewer"]));
  const events = rows.map(toEvent);
  const chain = verifyRows(rows);
  const anchored = latestAnchor(incidentId);
  const { runbook } = await parseContent(incident.runbookContent);
  const opened = incident.openedAt.getTime();
  const runById = new Map(runs.map((r) => [r.id, r]));
  const flagged = new Map(events.flatMap((e) => (e.type === "moment.flagged" ? [[e.payload.seq, e.payload.label] as const] : [])));
  const of = <T extends TimelineEvent["type"]>(type: T) => events.filter((e): e is Extract<TimelineEvent, { type: T }> => e.type === type);

  const figures = keyFigures(events);
  const deadline = runbook.escalation ? new Date(opened + runbook.escalation.afterMinutes * 60_000) : null;
  const stepOfRun = new Map(of("command.started").flatMap((e) => (e.runId ? [[e.runId, e.payload.section.join(" / ")] as const] : [])));
  const targetOfRun = new Map(of("command.started").flatMap((e) => (e.runId ? [[e.runId, e.payload.target] as const] : [])));

  const stepState = new Map<string, { state: string; by: string; at: Date; reason: string | null }>();
  for (const e of events) {
    if (e.type === "step.changed") stepState.set(e.payload.title, { state: e.payload.state, by: e.actor, at: e.at, reason: null });
    if (e.type === "step.marked")
      stepState.set(e.payload.title, { state: e.payload.state, by: e.actor, at: e.at, reason: e.payload.reason });
  }
  const ticks = new Map<string, { checked: boolean; by: string; at: Date }>();
  for (const e of of("checklist.checked")) ticks.set(e.payload.itemId, { checked: e.payload.checked, by: e.actor, at: e.at });

  return {
    schemaVersion: 1,
    generatedAt: iso(now),
    incident: {
      id: incident.id,
      title: incident.title,
      runbook: {
        slug: incident.runbookSlug,
        file: `runbooks/${incident.runbookSlug}.md`,
        title: runbook.meta.title,
        sha256: incident.runbookSha256,
      },
      severity: incident.severity,
      status: incident.status,
      openedAt: iso(incident.openedAt),
      openedBy: incident.openedBy,
      mitigatedAt: isoOrNull(figures.mitigatedAt),
      resolvedAt: isoOrNull(figures.resolvedAt),
      commander: incident.commander,
    },
    keyFigures: {
      toFirstActionMs: figures.toFirstAction,
      toFirstCommandMs: figures.toFirstCommand,
      toMitigatedMs: figures.toMitigated,
      toResolvedMs: figures.toResolved,
      openForMs: Math.max(0, (figures.resolvedAt ?? now).getTime() - opened),
    },
    escalation:
      runbook.escalation && deadline
        ? {
            rule: runbook.escalation.text,
            afterMinutes: runbook.escalation.afterMinutes,
            deadline: iso(deadline),
            passed: (figures.resolvedAt ?? now) > deadline,
            dueRecordedAt: isoOrNull(of("escalation.due")[0]?.at),
            escalations: of("escalation.escalated").map((e) => ({ at: iso(e.at), by: e.actor, to: e.payload.to })),
          }
        : null,
    statusHistory: of("status.changed").map((e) => ({
      at: iso(e.at),
      by: e.actor,
      from: e.payload.from,
      to: e.payload.to,
      reason: e.payload.reason,
    })),
    severityHistory: of("severity.changed").map((e) => ({
      at: iso(e.at),
      by: e.actor,
      from: e.payload.from,
      to: e.payload.to,
      reason: e.payload.reason,
    })),
    participants: participants.map((p) => ({
      name: p.actor,
      role: roleOf.get(p.actor) ?? null,
      firstAt: iso(p.firstAt),
      lastAt: iso(p.lastAt),
      events: p.events,
    })),
    timeline: events.map((e) => ({
      seq: e.seq,
      at: iso(e.at),
      offsetMs: e.at.getTime() - opened,
      actor: e.actor,
      type: e.type,
      summary: summarizeEvent(e, (runId) => (runId ? runById.get(runId)?.commandText : undefined)),
      keyMoment: flagged.get(e.seq) ?? null,
    })),
    commands: runs.map((r) => {
      const lines = (r.outputText ?? "").split("\n");
      const total = r.outputText ? lines.length : 0;
      const whole = total <= EXCERPT_LINES * 2;
      const used = variables.filter((v) => new RegExp(`\\$\\{?${v.name}\\b`).test(`${r.commandText}\n${r.originalText ?? ""}`));
      return {
        runId: r.id,
        step: stepOfRun.get(r.id) ?? "",
        by: r.startedBy,
        startedAt: iso(r.startedAt),
        finishedAt: isoOrNull(r.finishedAt),
        durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
        text: r.commandText,
        runbookText: r.originalText,
        target: targetOfRun.get(r.id) ?? null,
        variables: used.map((v) => ({ name: v.name, value: v.secret ? SECRET_MASK : v.value })),
        status: r.status,
        exitCode: r.exitCode,
        signal: r.signal,
        output: {
          bytes: r.outputBytes,
          lines: total,
          head: total === 0 ? [] : whole ? lines : lines.slice(0, EXCERPT_LINES),
          tail: whole ? [] : lines.slice(-EXCERPT_LINES),
          omittedLines: whole ? 0 : total - EXCERPT_LINES * 2,
          capped: (r.output?.length ?? 0) < r.outputBytes,
          fullOutput: `Runlog, incident ${incident.id}, run ${r.id} (shown under its command on the incident page)`,
        },
      };
    }),
    notes: of("note.added").map((e) => ({ at: iso(e.at), by: e.actor, text: e.payload.text })),
    steps: runbook.sections.flatMap((s) => {
      const st = stepState.get(s.title);
      return st ? [{ title: s.title, state: st.state, by: st.by, at: iso(st.at), reason: st.reason }] : [];
    }),
    checklist: runbook.sections.flatMap((s) =>
      s.content.flatMap((c) =>
        c.kind === "checklist"
          ? c.items.map((item) => {
              const t = ticks.get(item.id);
              return { section: s.title, text: item.text, checked: t?.checked ?? false, by: t?.by ?? null, at: isoOrNull(t?.at) };
            })
          : [],
      ),
    ),
    approvals: approvals.map((a) => ({
      command: a.text,
      requestedBy: a.requestedBy,
      requestedAt: iso(a.requestedAt),
      decision: a.decision,
      decidedBy: a.decidedBy,
      reason: a.reason,
      used: a.usedByRunId !== null,
    })),
    alerts: alerts.map(alertView).map((a) => ({
      alertname: a.alertname,
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: iso(a.startsAt),
      endsAt: isoOrNull(a.endsAt),
      generatorURL: a.generatorURL,
      notifications: a.notifications,
      lastNotificationAt: iso(a.lastAt),
      via: a.tokenName,
    })),
    runAlls: runAlls.map(viewOf).map((ra) => {
      const history = events.filter(isRunAllEvent).filter((e) => e.payload.runAllId === ra.id);
      const last = history.at(-1);
      return {
        scope: ra.scope,
        from: runbook.sections.find((s) => s.id === ra.fromStepId)?.title ?? ra.fromStepId,
        startedBy: ra.startedBy,
        startedAt: iso(ra.startedAt),
        commands: ra.commandIds.length,
        state: ra.state,
        outcome: ra.state === "running" || !last ? `running (${ra.position + 1} of ${ra.commandIds.length})` : summarizeRunAllEvent(last),
        history: history.map((e) => ({ at: iso(e.at), by: e.actor, what: summarizeRunAllEvent(e) })),
      };
    }),
    runbookSuggestions: `/incidents/${incident.id}/suggest`,
    rootCauseAnalysis: rootCauseChecklist(incident.runbookContent),
    chain: {
      ...(chain.ok
        ? { intact: true, events: chain.events, headHash: chain.head, brokenAt: null }
        : { intact: false, events: chain.events, headHash: null, brokenAt: chain.brokenAt }),
      anchoredHead: anchored ? { seq: anchored.seq, hash: anchored.hash } : null,
    },
  };
}
