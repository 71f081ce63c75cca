import type { Diagnostic, RunbookVariable } from "@/server/shared/runbook";

/** What the runbook asks of the responder, and what the linter found in it. */
export function RunbookFindings({ variables, diagnostics }: { variables: RunbookVariable[]; diagnostics: Diagnostic[] }) {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const needed = variables.filter((v) => v.usedBy.length > 0);
  return (
    <div className="mt-4 space-y-2 text-sm">
      {needed.length > 0 && (
        <p className="flex flex-wrap items-center gap-1.5 text-zinc-400">
          <span>Variables this runbook needs:</span>
          {needed.map((v) => (
            <code
              key={v.name}
              className="rounded border border-sky-800 bg-sky-950 px-1.5 py-0.5 text-sky-200"
              title={v.description ?? undefined}
            >
              ${v.name}
              {v.secret ? " (secret)" : ""}
              {v.optional ? " (optional)" : ""}
            </code>
          ))}
        </p>
      )}
      {diagnostics.length > 0 && (
        <details className={errors ? "text-red-300" : "text-zinc-400"}>
          <summary className="cursor-pointer select-none">
            Runbook lint: {errors} error{errors === 1 ? "" : "s"}, {warnings} warning{warnings === 1 ? "" : "s"}
          </summary>
          <ul className="mt-1 space-y-0.5 font-mono text-xs" aria-label="Lint findings">
            {diagnostics.map((d, i) => (
              <li key={i} className={d.severity === "error" ? "text-red-300" : "text-zinc-400"}>
                line {d.line}: {d.severity} {d.rule}: {d.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
