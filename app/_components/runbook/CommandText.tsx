import { describeCheck, type RunbookCommand } from "@/server/shared/runbook";
import { RiskBadge } from "./RiskBadge";

/**
 * A command as written in the runbook: its description, risk, the variables it needs and the
 * placeholders to replace, with its source line and any sample output the author pasted.
 */
export function CommandText({
  command,
  id,
  target,
}: {
  command: RunbookCommand;
  id?: string;
  /** On an incident: the target resolved for it, or why it cannot be yet. */
  target?: { name: string; where: string } | { problem: string } | undefined;
}) {
  const needsAttention = command.variables.some((v) => !v.optional) || command.placeholders.length > 0;
  return (
    <div className="min-w-0 flex-1">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <RiskBadge risk={command.risk} reason={command.riskReason} />
        <span
          aria-label="Runs on"
          className={`rounded px-1.5 py-0.5 ring-1 ${command.target ? "bg-orange-500/15 text-orange-200 ring-orange-500/40" : "text-zinc-400 ring-zinc-700"}`}
          title={
            target && "where" in target ? target.where : command.target ? `The target ${command.target}` : "Runs on the Runlog server."
          }
        >
          {!command.target
            ? "on the Runlog server"
            : target && "where" in target
              ? `on ${target.name} · ${target.where}`
              : `on ${command.target}`}
        </span>
        {target && "problem" in target && (
          <span aria-label="Target problem" className="text-amber-300">
            {target.problem}
          </span>
        )}
        {command.description && <span className="text-sm text-zinc-300">{command.description}</span>}
        <span className="ml-auto text-zinc-400">line {command.line}</span>
      </div>
      <pre id={id} className="mt-1.5 overflow-x-auto whitespace-pre-wrap break-all font-mono text-sm text-emerald-200">
        {command.text}
      </pre>
      {command.risk === "destructive" && <p className="mt-1 text-xs text-red-300">Can lose data: {command.riskReason}.</p>}
      {command.checks.length > 0 && (
        <ul aria-label="Output checks" className="mt-1 flex flex-wrap gap-1.5 text-xs">
          {command.checks.map((c) => (
            <li
              key={`${c.kind}:${c.value}:${c.line}`}
              className="rounded border border-violet-800 bg-violet-950 px-1.5 py-0.5 font-mono text-violet-200"
            >
              {describeCheck(c)}
            </li>
          ))}
        </ul>
      )}
      {needsAttention && (
        <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs">
          {command.variables.length > 0 && (
            <ul className="flex flex-wrap gap-1.5" aria-label="Variables needed">
              {command.variables.map((v) => (
                <li
                  key={v.name}
                  className="rounded border border-sky-800 bg-sky-950 px-1.5 py-0.5 font-mono text-sky-200"
                  title={`${v.secret ? "Secret. " : ""}${v.optional ? "Optional: the command has a default." : "Must be set before running."}`}
                >
                  ${v.name}
                  {v.secret && <span className="ml-1 font-sans text-sky-400">secret</span>}
                  {v.optional && <span className="ml-1 font-sans text-sky-400">optional</span>}
                </li>
              ))}
            </ul>
          )}
          {command.placeholders.length > 0 && (
            <ul className="flex flex-wrap gap-1.5" aria-label="Placeholders to replace">
              {command.placeholders.map((p) => (
                <li
                  key={p.text}
                  className="rounded border border-fuchsia-800 bg-fuchsia-950 px-1.5 py-0.5 text-fuchsia-200"
                  title="A stand-in the author left: replace it before running."
                >
                  replace <code className="font-mono">{p.text}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {command.sampleOutput && (
        <details className="mt-2 text-xs text-zinc-400">
          <summary className="cursor-pointer select-none">Sample output from the runbook</summary>
          <pre className="mt-1 overflow-x-auto rounded bg-zinc-950 p-2 font-mono text-zinc-400">{command.sampleOutput}</pre>
        </details>
      )}
    </div>
  );
}
