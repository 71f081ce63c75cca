import type { RunbookCommand } from "@/server/shared/runbook";

/** A command as written in the runbook, with its description and source line. */
export function CommandText({ command, id }: { command: RunbookCommand; id?: string }) {
  return (
    <div className="min-w-0 flex-1">
      {command.description && <p className="text-sm text-zinc-400">{command.description}</p>}
      <pre id={id} className="mt-1 overflow-x-auto whitespace-pre-wrap break-all font-mono text-sm text-emerald-200">
        {command.text}
      </pre>
    </div>
  );
}
