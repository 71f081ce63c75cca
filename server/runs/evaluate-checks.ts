import { describeCheck, type OutputCheck } from "../shared/runbook";

export interface CheckVerdict {
  passed: boolean;
  expected: string[];
  failed: string[];
  evidence: string;
}

const TAIL_LINES = 5;

/**
 * A finished run's output against its command's checks: the whole clean text (ANSI resolved,
 * secrets masked), never a screen's worth. With checks but no `expect-exit`, exit 0 is expected
 * too, as for a command without checks.
 */
export function evaluateChecks(checks: OutputCheck[], text: string, exitCode: number | null): CheckVerdict {
  const lines = text.split("\n");
  const lineWith = (pred: (line: string) => boolean) => lines.find(pred) ?? null;
  const failed: string[] = [];
  // The first line that shows a check holding, and the first that shows an expects-no check failing.
  let shown: string | null = null;
  let contradicted: string | null = null;
  for (const c of checks) {
    let ok: boolean;
    let hit: string | null = null;
    if (c.kind === "exit") ok = exitCode === Number(c.value);
    else if (c.kind === "contains" || c.kind === "not-contains") {
      hit = lineWith((l) => l.includes(c.value));
      ok = c.kind === "contains" ? hit !== null : hit === null;
    } else {
      const re = new RegExp(c.value, c.flags.replace(/[gy]/g, ""));
      hit = re.test(text) ? (lineWith((l) => re.test(l)) ?? text.match(re)![0]) : null;
      ok = c.kind === "matches" ? hit !== null : hit === null;
    }
    if (!ok) {
      failed.push(describeCheck(c));
      contradicted ??= hit;
    } else shown ??= hit;
  }
  if (!checks.some((c) => c.kind === "exit") && exitCode !== 0) failed.push(`expects exit 0 (exited ${exitCode ?? "by a signal"})`);
  const passed = failed.length === 0;
  const tail = lines.slice(-TAIL_LINES).join("\n");
  return { passed, expected: checks.map(describeCheck), failed, evidence: (passed ? shown : contradicted) ?? tail };
}
