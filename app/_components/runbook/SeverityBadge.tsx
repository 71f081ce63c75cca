export function SeverityBadge({ severity }: { severity: string | null }) {
  const s = (severity ?? "unknown").toLowerCase();
  const tone =
    s.includes("critical") || s.includes("p0") || s.includes("page")
      ? "bg-red-500/15 text-red-300 ring-red-500/40"
      : s.includes("high") || s.includes("warn")
        ? "bg-orange-500/15 text-orange-300 ring-orange-500/40"
        : "bg-zinc-500/15 text-zinc-300 ring-zinc-500/40";
  return (
    <span className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-medium ring-1 ${tone}`}>
      {severity ?? "severity unknown"}
    </span>
  );
}
