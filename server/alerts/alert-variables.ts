import type { RunbookVariable } from "../shared/runbook";
import type { AlertmanagerAlert } from "./alertmanager-payload";

const CONTROL = /[\u0000-\u001f\u007f]/;

export type AlertValue = { name: string; secret: boolean; value: string } | { name: string; problem: string };

/**
 * The runbook's variables that say where an alert has their value (`from: labels.instance`,
 * optionally `pattern` to take a part). A value is data: it reaches commands as an environment
 * variable like any other, and one that is not a single printable line is refused, not cleaned.
 */
export function valuesFromAlert(variables: RunbookVariable[], alert: Pick<AlertmanagerAlert, "labels" | "annotations">): AlertValue[] {
  return variables.flatMap((v): AlertValue[] => {
    if (!v.from) return [];
    const raw = (v.from.source === "labels" ? alert.labels : alert.annotations)[v.from.key];
    const where = `${v.from.source}.${v.from.key}`;
    if (raw === undefined) return [{ name: v.name, problem: `the alert has no ${where}` }];
    let value = raw;
    if (v.from.pattern) {
      const m = new RegExp(v.from.pattern).exec(raw);
      if (!m) return [{ name: v.name, problem: `${where} (${JSON.stringify(raw.slice(0, 80))}) does not match ${v.from.pattern}` }];
      value = m[1] ?? m[0];
    }
    if (value === "") return [{ name: v.name, problem: `${where} is empty` }];
    if (CONTROL.test(value))
      return [{ name: v.name, problem: `${where} holds control characters (a newline, a tab): not a value to run with` }];
    if (value.length > 1024) return [{ name: v.name, problem: `${where} is longer than 1024 characters` }];
    return [{ name: v.name, secret: v.secret, value }];
  });
}
