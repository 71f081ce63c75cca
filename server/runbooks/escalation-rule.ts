import type { EscalationRule, RunbookSection } from "../shared/runbook";

const WITHIN = /\bwithin\s+(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m)\b/i;

/** Minutes from a duration like `2h`, `90m`, `90` (minutes) or `1.5 hours`; null when unreadable. */
export function durationMinutes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m)?\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * (m[2] && /^h/i.test(m[2]) ? 60 : 1);
  return n >= 1 ? Math.round(n) : null;
}

/**
 * The runbook's escalation deadline: front matter `escalateAfter` wins; otherwise the first
 * "within N hours/minutes" in the prose of a section titled Escalation (the seed's "If backups
 * cannot be restored within 2 hours").
 */
export function escalationRule(sections: RunbookSection[], frontMatter: string | null): EscalationRule | null {
  if (frontMatter !== null) {
    const minutes = durationMinutes(frontMatter);
    return minutes === null ? null : { afterMinutes: minutes, text: `escalateAfter: ${frontMatter}`, line: 1 };
  }
  for (const s of sections.filter((x) => /escalat/i.test(x.title))) {
    for (const item of s.content) {
      if (item.kind !== "prose") continue;
      const m = WITHIN.exec(item.text);
      const minutes = m ? durationMinutes(`${m[1]} ${m[2]}`) : null;
      if (m && minutes !== null) return { afterMinutes: minutes, text: item.text.split("\n")[0]!.trim(), line: item.line };
    }
  }
  return null;
}
