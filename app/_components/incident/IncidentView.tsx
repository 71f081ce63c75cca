"use client";
import { useMutation } from "@tanstack/react-query";
import { RelativeTime } from "@/app/_components/time/RelativeTime";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { SectionList } from "@/app/_components/runbook/SectionList";
import { SeverityBadge } from "@/app/_components/runbook/SeverityBadge";
import { stepStatuses } from "@/server/shared/step-progress";
import { BlockRunCard } from "./BlockRunCard";
import { CommandCard } from "./CommandCard";
import { useCan } from "@/app/_components/auth/CurrentUser";
import { ApprovalsPanel } from "./ApprovalsPanel";
import { EscalationCountdown } from "./EscalationCountdown";
import { IncidentContextProvider, type CheckOutcome } from "./incident-context";
import { IncidentControls } from "./IncidentControls";
import { IncidentVariables } from "./IncidentVariables";
import { StepActions } from "./StepActions";
import { RunAllButtons, RunAllPanel } from "./RunAllPanel";
import { AlertPanel } from "./AlertPanel";
import { describeStop } from "@/server/shared/run-all";
import { sectionCommands, shellCommands } from "@/server/shared/runbook";
import { ExportMenu } from "./ExportMenu";
import { LiveIndicator } from "./LiveIndicator";
import { Timeline } from "./Timeline";
import { LiveAnnouncer } from "./LiveAnnouncer";
import { ShortcutHelp } from "./ShortcutHelp";
import { StepOutline } from "./StepOutline";
import { useIncidentShortcuts } from "./use-incident-shortcuts";
import { useLiveIncident, type IncidentData } from "./use-live-incident";

export function IncidentView({ initial }: { initial: IncidentData }) {
  const trpc = useTRPC();
  const live = useLiveIncident(initial);
  const refresh = () => void live.refresh();
  const { incident, runbook, runs, events, variables, shell, chain, approvals, missingVariables, targets, runAlls, alerts } = live.view;
  const runAll = runAlls.at(-1) ?? null;
  const runAllGoing = runAll?.state === "running" || runAll?.state === "waiting";
  const completedRunAll = runAll ? events.findLast((e) => e.type === "runall.completed" && e.payload.runAllId === runAll.id) : undefined;
  // Where the run-all stopped: that step says why.
  const stoppedStep =
    runAll?.state === "stopped" && runAll.stopReason
      ? runbook.sections.find((s) => sectionCommands(s).some((c) => c.id === runAll.commandIds[runAll.position]))?.id
      : undefined;
  // A variable someone was sent to set: its input is shown (even when the runbook does not list it) and focused.
  const [asked, setAsked] = useState<{ name: string; at: number } | null>(null);
  const canAct = useCan("responder");
  const marks = events.flatMap((e) => (e.type === "step.marked" ? [e.payload] : []));
  const steps = stepStatuses(runbook.sections, runs, marks);
  // A check item is ticked when its latest checklist event says so.
  const ticked = new Map<string, boolean>();
  for (const e of events) if (e.type === "checklist.checked") ticked.set(e.payload.itemId, e.payload.checked);
  // Shown ticked at once; the timeline event confirms it (or the tick is undone on error).
  const [pendingTicks, setPendingTicks] = useState<ReadonlyMap<string, boolean>>(new Map());
  const check = useMutation(
    trpc.incidents.checkItem.mutationOptions({
      onSettled: async (_d, _e, vars) => {
        await live.refresh();
        setPendingTicks((m) => new Map([...m].filter(([k]) => k !== vars.itemId)));
      },
    }),
  );
  const checkOutcomes = new Map<string, CheckOutcome>();
  for (const e of events) {
    if ((e.type === "check.passed" || e.type === "check.failed") && e.runId) {
      checkOutcomes.set(e.runId, { passed: e.type === "check.passed", failed: e.payload.failed });
    }
  }
  const escalationDue = events.some((e) => e.type === "escalation.due");
  const lastEscalation = events.findLast((e) => e.type === "escalation.escalated");
  const escalatedTo = lastEscalation?.type === "escalation.escalated" ? lastEscalation.payload.to : null;
  const escalationSection = runbook.sections.find((s) => /escalat/i.test(s.title))?.id ?? null;
  const lastRunOf = (commandId: string) => runs.filter((r) => r.commandId === commandId).at(-1) ?? null;
  const shortcuts = useIncidentShortcuts(incident.id);

  return (
    <IncidentContextProvider
      value={{
        incidentId: incident.id,
        variables,
        approvals,
        missingVariables,
        targets,
        askForVariable: (name) => setAsked({ name, at: Date.now() }),
        checkOfRun: (runId) => checkOutcomes.get(runId) ?? null,
      }}
    >
      <div>
        <header className="border-b border-zinc-800 pb-4">
          <p className="text-xs uppercase tracking-wide text-zinc-400">Incident {incident.id}</p>
          <h1 className="mt-1 text-2xl font-semibold">{incident.title}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-zinc-400">
            <SeverityBadge severity={incident.severity} />
            <span>status: {incident.status}</span>
            <span>
              opened <RelativeTime at={incident.openedAt} /> by {incident.openedBy}
            </span>
            <span>runbook: {incident.runbookSlug}.md</span>
            <Link href={`/incidents/${incident.id}/timeline`} className="text-amber-300 hover:underline">
              Commander's view
            </Link>
            <a href="#timeline-heading" className="text-amber-300 hover:underline lg:hidden">
              Timeline
            </a>
            <span className="hidden text-xs text-zinc-400 md:inline">
              press <kbd className="rounded border border-zinc-700 px-1">?</kbd> for keys
            </span>
            <span
              aria-label="Timeline integrity"
              title={chain.ok ? `sha256 head ${chain.head}` : chain.reason}
              className={chain.ok ? "text-zinc-400" : "font-semibold text-red-400"}
            >
              {chain.ok
                ? `timeline intact (${chain.events} events, head ${chain.head.slice(0, 12)}…)`
                : `timeline BROKEN at event ${chain.brokenAt}`}
            </span>
            <LiveIndicator status={live.liveStatus} feed={live.feed} />
            <ExportMenu incidentId={incident.id} />
            {canAct && (
              <a
                href={`/incidents/${incident.id}/suggest`}
                target="_blank"
                rel="noopener"
                title="A diff of the runbook for git apply: edits as they ran, failed checks, skipped steps"
                className="rounded border border-zinc-700 px-2 py-0.5 text-sm text-zinc-300 hover:bg-zinc-800"
              >
                Suggest runbook changes
              </a>
            )}
          </div>
          <AlertPanel alerts={alerts} />
          {runbook.escalation && (incident.status === "investigating" || incident.status === "identified") && (
            <EscalationCountdown
              incidentId={incident.id}
              rule={runbook.escalation}
              openedAt={incident.openedAt}
              due={escalationDue}
              escalatedTo={escalatedTo}
              escalationSectionId={escalationSection}
              onChanged={refresh}
            />
          )}
        </header>
        <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] xl:grid-cols-[14rem_minmax(0,3fr)_minmax(0,2fr)]">
          <StepOutline sections={runbook.sections} status={(id) => steps.get(id)} variant="column" />
          <div className="min-w-0 space-y-4">
            <StepOutline sections={runbook.sections} status={(id) => steps.get(id)} variant="drawer" />
            {runAll && (
              <div className="sticky top-0 z-10">
                <RunAllPanel
                  runAll={runAll}
                  runbook={runbook}
                  openChecks={completedRunAll?.type === "runall.completed" ? completedRunAll.payload.openChecks : []}
                  onChanged={refresh}
                />
              </div>
            )}
            <SectionList
              sections={runbook.sections}
              label="Steps"
              renderCommand={(c) => <CommandCard incidentId={incident.id} command={c} lastRun={lastRunOf(c.id)} onChanged={refresh} />}
              stepStatus={(id) => steps.get(id)}
              stepActions={(s) => (
                <>
                  {stoppedStep === s.id && runAll?.stopReason && (
                    <span aria-label={`Why ${s.title} stopped`} className="text-xs text-red-300">
                      run-all stopped here: {describeStop(runAll.stopReason)}
                    </span>
                  )}
                  {canAct && s.content.some((c) => c.kind === "checklist" || (c.kind === "code" && c.block.commands.length > 0)) && (
                    <StepActions incidentId={incident.id} stepId={s.id} title={s.title} status={steps.get(s.id)} onChanged={refresh} />
                  )}
                  {canAct && shellCommands(s).length > 0 && (
                    <RunAllButtons stepId={s.id} title={s.title} busy={runAllGoing} onChanged={refresh} />
                  )}
                </>
              )}
              checks={{
                isChecked: (id) => pendingTicks.get(id) ?? ticked.get(id) ?? false,
                onCheck: canAct
                  ? (itemId, checked) => {
                      setPendingTicks((m) => new Map(m).set(itemId, checked));
                      check.mutate({ incidentId: incident.id, itemId, checked });
                    }
                  : undefined,
              }}
              renderBlock={(b) => <BlockRunCard incidentId={incident.id} block={b} lastRun={lastRunOf(b.id)} onChanged={refresh} />}
            />
          </div>
          <div className="space-y-4 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
            <ApprovalsPanel onChanged={refresh} />
            {canAct && <IncidentControls key={incident.status} incidentId={incident.id} status={incident.status} onChanged={refresh} />}
            <IncidentVariables
              incidentId={incident.id}
              needed={runbook.variables}
              given={variables}
              missing={[
                ...new Set(
                  Object.values(missingVariables)
                    .flat()
                    .filter((m) => !m.setEarlierInBlock)
                    .map((m) => m.name),
                ),
              ]}
              asked={asked}
              shell={shell}
              onChanged={refresh}
            />
            <Timeline incidentId={incident.id} events={events} runs={runs} />
          </div>
        </div>
        <LiveAnnouncer events={events} runs={runs} />
        {shortcuts.helpOpen && <ShortcutHelp onClose={shortcuts.closeHelp} />}
      </div>
    </IncidentContextProvider>
  );
}
