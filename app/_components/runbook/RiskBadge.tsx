import type { Risk } from "@/server/shared/runbook";

const STYLE: Record<Risk, string> = {
  "read-only": "border-emerald-800 bg-emerald-950 text-emerald-300",
  mutating: "border-amber-700 bg-amber-950 text-amber-300",
  destructive: "border-red-700 bg-red-950 text-red-300",
};

/** The command's risk, with the rule that decided it on hover and for screen readers. */
export function RiskBadge({ risk, reason }: { risk: Risk; reason: string }) {
  return (
    <span
      className={`inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide ${STYLE[risk]}`}
      title={reason}
      aria-label={`Risk: ${risk} (${reason})`}
    >
      {risk}
    </span>
  );
}
