export function ExitBadge({ exitCode, signal, running }: { exitCode: number | null; signal: string | null; running?: boolean }) {
  if (running) {
    return <span className="rounded bg-sky-500/15 px-2 py-0.5 text-xs font-medium text-sky-300 ring-1 ring-sky-500/40">running…</span>;
  }
  const ok = exitCode === 0;
  const text = signal ? `killed by ${signal}` : `exit ${exitCode ?? "?"}`;
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ring-1 ${
        ok ? "bg-emerald-500/15 text-emerald-300 ring-emerald-500/40" : "bg-red-500/15 text-red-300 ring-red-500/40"
      }`}
    >
      {text}
    </span>
  );
}
