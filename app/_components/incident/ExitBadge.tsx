import type { RunStatus } from "@/server/shared/timeline";

/** How a run ended: exit code or signal, and whether someone (or the clock) stopped it. */
export function ExitBadge({
  exitCode,
  signal,
  status,
  running,
}: {
  exitCode: number | null;
  signal: string | null;
  status?: RunStatus;
  running?: boolean;
}) {
  if (running || status === "running") {
    return <span className="rounded bg-sky-500/15 px-2 py-0.5 text-xs font-medium text-sky-300 ring-1 ring-sky-500/40">running…</span>;
  }
  const ok = exitCode === 0 && (status === undefined || status === "exited");
  const how = signal ? `killed by ${signal}` : exitCode === null ? "no exit code" : `exit ${exitCode}`;
  const text =
    status === "cancelled"
      ? `cancelled (${how})`
      : status === "timed-out"
        ? `timed out (${how})`
        : status === "interrupted"
          ? "interrupted: the server stopped"
          : status === "connection-lost"
            ? "connection lost (output so far kept)"
            : how;
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ring-1 ${ok ? "bg-emerald-500/15 text-emerald-300 ring-emerald-500/40" : "bg-red-500/15 text-red-300 ring-red-500/40"}`}
    >
      {text}
    </span>
  );
}
