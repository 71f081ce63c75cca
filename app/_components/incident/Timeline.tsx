import type { TimelineEvent } from "@/server/shared/timeline";
import { RelativeTime } from "@/app/_components/time/RelativeTime";
import { formatDuration } from "@/server/shared/timeline-figures";
import { isRunAllEvent, summarizeRunAllEvent } from "@/server/shared/run-all-summary";
import { ExitBadge } from "./ExitBadge";
import { runOutputHref } from "./run-output-href";
import type { IncidentData } from "./use-live-incident";

type RunOutput = Pick<IncidentData["runs"][number], "id" | "commandText" | "outputTail" | "outputTailCut" | "outputBytes">;

/** `showGaps`: the time since the event shown before it (the commander's view). */
export function Timeline({
  incidentId,
  events,
  runs,
  showGaps = false,
}: {
  incidentId: string;
  events: TimelineEvent[];
  runs: RunOutput[];
  showGaps?: boolean;
}) {
  const runById = new Map(runs.map((r) => [r.id, r]));
  return (
    <section aria-labelledby="timeline-heading" className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        Timeline
      </h2>
      <ol className="mt-3 space-y-3" aria-label="Timeline events">
        {events.map((e, i) => {
          const run = e.runId ? runById.get(e.runId) : undefined;
          const gap = showGaps && i > 0 ? e.at.getTime() - events[i - 1]!.at.getTime() : null;
          return (
            <li key={e.id} className="border-l-2 border-zinc-700 pl-3 text-sm">
              <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-400">
                <RelativeTime at={e.at} clock />
                <span>#{e.seq}</span>
                <span>{e.actor}</span>
                {gap !== null && <span aria-label="Time since the previous event">+{formatDuration(gap)}</span>}
              </div>
              <EventBody event={e} run={run} incidentId={incidentId} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function EventBody({ event, run, incidentId }: { event: TimelineEvent; run: RunOutput | undefined; incidentId: string }) {
  if (isRunAllEvent(event)) {
    const bad = event.type === "runall.stopped" || event.type === "runall.paused";
    return (
      <p className={`mt-0.5 ${bad ? "text-amber-300" : event.type === "runall.completed" ? "text-emerald-300" : ""}`}>
        {summarizeRunAllEvent(event)}
      </p>
    );
  }
  switch (event.type) {
    case "incident.opened":
      return <p className="mt-0.5">Incident opened from runbook {event.payload.runbookSlug}</p>;
    case "command.started":
      return (
        <div className="mt-0.5">
          <p>
            {event.payload.kind === "block" ? "Ran block" : event.payload.originalText !== null ? "Ran edited" : "Ran"}{" "}
            {event.payload.target && (
              <span title={event.payload.target.where}>
                on <strong>{event.payload.target.name}</strong> ({event.payload.target.where}){" "}
              </span>
            )}
            <code className="whitespace-pre-wrap break-all text-emerald-200">{event.payload.text}</code>
          </p>
          {event.payload.originalText !== null && (
            <p className="text-xs text-zinc-400">
              runbook had: <code className="whitespace-pre-wrap break-all">{event.payload.originalText}</code>
            </p>
          )}
        </div>
      );
    case "status.changed":
      return <Change what="Status" {...event.payload} />;
    case "severity.changed":
      return <Change what="Severity" {...event.payload} />;
    case "commander.assigned":
      return (
        <p className="mt-0.5">
          Incident commander: <strong>{event.payload.commander}</strong>
        </p>
      );
    case "moment.flagged":
      return (
        <p className="mt-0.5 text-amber-300">
          ★ Key moment #{event.payload.seq}: {event.payload.label}
        </p>
      );
    case "step.marked":
      return (
        <p className="mt-0.5">
          Step “{event.payload.title}” {event.payload.state === "reopened" ? "reopened" : `marked ${event.payload.state}`}
          {event.payload.reason && <span className="text-zinc-400">: {event.payload.reason}</span>}
        </p>
      );
    case "check.passed":
    case "check.failed":
      return (
        <div className="mt-0.5">
          <p className={event.type === "check.passed" ? "text-emerald-300" : "text-red-300"}>
            {event.type === "check.passed" ? "Check passed" : `Check failed: ${event.payload.failed.join("; ")}`}
          </p>
          <pre className="mt-0.5 max-h-24 overflow-auto whitespace-pre-wrap break-all font-mono text-xs text-zinc-400">
            {event.payload.evidence}
          </pre>
        </div>
      );
    case "step.changed":
      return (
        <p
          className={`mt-0.5 ${event.payload.state === "failed" ? "text-red-300" : event.payload.state === "completed" ? "text-emerald-300" : ""}`}
        >
          Step “{event.payload.title}” {event.payload.state}
        </p>
      );
    case "command.edited":
      return (
        <div className="mt-0.5">
          <p>
            Edited before running: <code className="whitespace-pre-wrap break-all text-emerald-200">{event.payload.text}</code>
          </p>
          <p className="text-xs text-zinc-400">
            runbook had: <code className="whitespace-pre-wrap break-all">{event.payload.originalText}</code>
          </p>
        </div>
      );
    case "approval.requested":
      return (
        <p className="mt-0.5 text-red-200">
          Asked for approval to run <code className="whitespace-pre-wrap break-all text-emerald-200">{event.payload.text}</code>
        </p>
      );
    case "approval.decided":
      return (
        <p className={`mt-0.5 font-semibold ${event.payload.decision === "approved" ? "text-emerald-300" : "text-red-300"}`}>
          {event.payload.decision === "approved" ? "Approved" : "Refused"} {event.payload.requestedBy}&apos;s command
          {event.payload.reason && <span className="font-normal text-zinc-400">: {event.payload.reason}</span>}
        </p>
      );
    case "alert.resolved":
      return (
        <p className="mt-0.5 text-emerald-300">
          Alert {event.payload.alertname} resolved (ended {event.payload.at})
        </p>
      );
    case "alert.refired":
      return (
        <p className="mt-0.5 font-semibold text-red-300">
          Alert {event.payload.alertname} fired again (since {event.payload.at})
        </p>
      );
    case "escalation.escalated":
      return <p className="mt-0.5 font-semibold text-amber-300">Escalated to {event.payload.to}</p>;
    case "escalation.due":
      return <p className="mt-0.5 font-semibold text-red-300">Escalation due: {event.payload.rule}</p>;
    case "checklist.checked":
      return (
        <p className="mt-0.5">
          {event.payload.checked ? "Checked" : "Unchecked"} “{event.payload.text}”
        </p>
      );
    case "note.added":
      return <p className="mt-0.5 whitespace-pre-wrap break-words">Note: {event.payload.text}</p>;
    case "variable.set":
      return (
        <p className="mt-0.5">
          Set <code className="text-sky-200">${event.payload.name}</code>
          {event.payload.secret ? (
            " (secret)"
          ) : (
            <>
              {" "}
              = <code className="break-all text-sky-200">{event.payload.value}</code>
            </>
          )}
        </p>
      );
    case "command.finished":
      return (
        <div className="mt-0.5">
          <p className="flex flex-wrap items-center gap-2">
            <span>Finished</span>
            <code className="whitespace-pre-wrap break-all text-emerald-200">{run?.commandText ?? event.payload.commandId}</code>
            <ExitBadge exitCode={event.payload.exitCode} signal={event.payload.signal} status={event.payload.status} />
            {event.payload.stoppedBy && <span className="text-xs text-zinc-400">stopped by {event.payload.stoppedBy}</span>}
            <span className="text-xs text-zinc-400">
              {formatDuration(event.payload.durationMs)} · {event.payload.outputBytes} bytes
            </span>
          </p>
          {run?.outputTail ? (
            <>
              {run.outputTailCut && (
                <p className="mt-1 text-xs text-zinc-400">
                  The end of the output:{" "}
                  <a href={runOutputHref(incidentId, run.id)} target="_blank" rel="noopener" className="text-sky-300 hover:underline">
                    Full output
                  </a>
                </p>
              )}
              {/* It scrolls when long: a tab stop, so that the keyboard can scroll it too. It opens
                  scrolled to its last line (a reversed column starts at its end): the end of the
                  output is where a failure says why. */}
              <pre
                tabIndex={0}
                aria-label={`Output of ${run.commandText.split("\n")[0]}`}
                className="mt-1 flex max-h-48 flex-col-reverse overflow-auto rounded bg-zinc-950 p-2 font-mono text-xs text-zinc-300 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-400"
              >
                <span>{run.outputTailCut ? `…${run.outputTail}` : run.outputTail}</span>
              </pre>
            </>
          ) : (
            <p className="mt-1 text-xs italic text-zinc-400">no output</p>
          )}
        </div>
      );
  }
}

function Change({ what, from, to, reason }: { what: string; from: string; to: string; reason: string | null }) {
  return (
    <p className="mt-0.5">
      {what} {from} → <strong>{to}</strong>
      {reason && <span className="text-zinc-400">: {reason}</span>}
    </p>
  );
}
