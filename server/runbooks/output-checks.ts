import type { Diagnostic, OutputCheck } from "../shared/runbook";
import type { ExpectLine } from "./shell/analyze-block";

const REGEX = /^\/(.*)\/([ims]*)$/s;

/**
 * Expect lines (and block attributes) as checks of the model. A regular expression that does
 * not compile, or an exit code that is not one, is an error at its line and checks nothing.
 */
export function toChecks(lines: ExpectLine[], lineOf: (offset: number) => number, diagnostics: Diagnostic[]): OutputCheck[] {
  const out: OutputCheck[] = [];
  for (const l of lines) {
    const line = lineOf(l.lineOffset);
    if (l.value === "") {
      diagnostics.push({ severity: "error", line, rule: "bad-expect", message: `# ${l.kind}: says nothing to check.` });
      continue;
    }
    if (l.kind === "expect-exit") {
      if (/^\d{1,3}$/.test(l.value) && Number(l.value) <= 255) out.push({ kind: "exit", value: String(Number(l.value)), flags: "", line });
      else
        diagnostics.push({
          severity: "error",
          line,
          rule: "bad-expect",
          message: `# expect-exit: needs an exit code from 0 to 255, not "${l.value}".`,
        });
      continue;
    }
    const not = l.kind === "expect-not";
    const re = REGEX.exec(l.value);
    if (!re) {
      out.push({ kind: not ? "not-contains" : "contains", value: l.value, flags: "", line });
      continue;
    }
    try {
      new RegExp(re[1]!, re[2]);
      out.push({ kind: not ? "not-matches" : "matches", value: re[1]!, flags: re[2]!, line });
    } catch (err) {
      diagnostics.push({
        severity: "error",
        line,
        rule: "bad-expect",
        message: `The regular expression ${l.value} does not compile: ${(err as Error).message}.`,
      });
    }
  }
  return out;
}
