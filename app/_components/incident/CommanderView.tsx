"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { SeverityBadge } from "@/app/_components/runbook/SeverityBadge";
import { formatDuration, keyFigures, stepsOf } from "@/server/shared/timeline-figures";
import { useCan } from "@/app/_components/auth/CurrentUser";
import { ApprovalsPanel } from "./ApprovalsPanel";
import { CommanderControls } from "./CommanderControls";
import { IncidentContextProvider } from "./incident-context";
import { IncidentControls } from "./IncidentControls";
import { ExportMenu } from "./ExportMenu";
import { LiveIndicator } from "./LiveIndicator";
import { Timeline } from "./Timeline";
import { useLiveIncident, type IncidentData } from "./use-live-incident";

/**
 * The incident commander's view: the whole timeline, filterable by event type, person and step,
 * with the gaps between events and the incident's key figures; large enough for a shared screen.
 */
export function CommanderView({ initial }: { initial: IncidentData }) {
  const live = useLiveIncident(initial);
  const refresh = () => void live.refresh();
  const { incident, events, runs, participants, variables, approvals } = live.view;
  const canAct = useCan("responder");
  const canCommand = useCan("commander");
  const [type, setType] = useState("");
  const [person, setPerson] = useState("");
  const [step, setStep] = useState("");
  const [keyOnly, setKeyOnly] = useState(false);
  const flagged = new Set(events.flatMap((e) => (e.type === "moment.flagged" ? [e.payload.seq] : [])));
  const steps = useMemo(() => stepsOf(events), [events]);
  const shown = events.filter(
    (e) =>
      (!type || e.type === type) &&
      (!person || e.actor === person) &&
      (!step || steps.get(e.id) === step) &&
      (!keyOnly || flagged.has(e.seq) || e.type === "moment.flagged"),
  );
  const figures = keyFigures(events);
  const option = (values: string[]) =>
    [...new Set(values)].sort().map((v) => (
      <option key={v} value={v}>
        {v}
      </option>
    ));

  return (
    <div className="text-base">
      <header className="flex flex-wrap items-center gap-3 border-b border-zinc-800 pb-4">
        <h1 className="text-3xl font-semibold">{incident.title}</h1>
        <SeverityBadge severity={incident.severity} />
        <span className="text-lg text-zinc-300">status: {incident.status}</span>
        <span className="text-lg text-zinc-300">commander: {incident.commander ?? "none yet"}</span>
        <LiveIndicator status={live.liveStatus} feed={live.feed} />
        <ExportMenu incidentId={incident.id} />
        <Link href={`/incidents/${incident.id}`} className="ml-auto text-amber-300 hover:underline">
          Back to the runbook steps
        </Link>
      </header>
      <p aria-label="Participants" className="mt-2 text-sm text-zinc-400">
        participants: {participants.map((p) => `${p.actor} (${p.events})`).join(", ")}
      </p>
      <dl aria-label="Key figures" className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Open for", formatDuration(Date.now() - incident.openedAt.getTime())],
          ["To first command", figures.toFirstCommand === null ? "—" : formatDuration(figures.toFirstCommand)],
          ["To mitigated", figures.toMitigated === null ? "—" : formatDuration(figures.toMitigated)],
          ["To resolved", figures.toResolved === null ? "—" : formatDuration(figures.toResolved)],
        ].map(([k, v]) => (
          <div key={k} className="rounded border border-zinc-800 bg-zinc-900 p-3">
            <dt className="text-xs uppercase tracking-wide text-zinc-400">{k}</dt>
            <dd className="text-2xl font-semibold">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-4 grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="min-w-0">
          <form aria-label="Filters" className="mb-3 flex flex-wrap gap-3 text-sm" onSubmit={(e) => e.preventDefault()}>
            <label className="flex items-center gap-1">
              Type
              <select
                aria-label="Filter by type"
                value={type}
                onChange={(e) => setType(e.target.value)}
                className="rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
              >
                <option value="">all</option>
                {option(events.map((e) => e.type))}
              </select>
            </label>
            <label className="flex items-center gap-1">
              Person
              <select
                aria-label="Filter by person"
                value={person}
                onChange={(e) => setPerson(e.target.value)}
                className="rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
              >
                <option value="">everyone</option>
                {option(events.map((e) => e.actor))}
              </select>
            </label>
            <label className="flex min-w-0 max-w-full items-center gap-1">
              Step
              <select
                aria-label="Filter by step"
                value={step}
                onChange={(e) => setStep(e.target.value)}
                className="min-w-0 max-w-[16rem] rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
              >
                <option value="">all steps</option>
                {option([...steps.values()].filter((s): s is string => s !== null))}
              </select>
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={keyOnly} onChange={(e) => setKeyOnly(e.target.checked)} />
              key moments only
            </label>
            <span className="self-center text-zinc-400">
              {shown.length} of {events.length} events
            </span>
          </form>
          <Timeline incidentId={incident.id} events={shown} runs={runs} showGaps />
        </div>
        <div className="space-y-4">
          <IncidentContextProvider
            value={{
              incidentId: incident.id,
              variables,
              approvals,
              missingVariables: {},
              targets: {},
              askForVariable: () => undefined,
              checkOfRun: () => null,
            }}
          >
            <ApprovalsPanel onChanged={refresh} />
          </IncidentContextProvider>
          {canAct && <IncidentControls key={incident.status} incidentId={incident.id} status={incident.status} onChanged={refresh} />}
          {canCommand && (
            <CommanderControls
              key={`${incident.severity}-${events.length}`}
              incidentId={incident.id}
              severity={incident.severity}
              lastSeq={events.at(-1)?.seq ?? 0}
              onChanged={refresh}
            />
          )}
        </div>
      </div>
    </div>
  );
}
