import type { Invocation } from "./invocations";

export type PlaceholderKind = "angle" | "caps" | "example-host" | "example-path";
export interface Placeholder {
  text: string;
  kind: PlaceholderKind;
}

const CAPS = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|(?:YOUR|MY)[A-Z0-9_]*)$/;
const EXAMPLE_HOST = /(?:[\w-]+\.)*example\.(?:com|org|net)\b/;

/** Literal stand-ins in a command's arguments that must be replaced before it can work. */
export function placeholdersIn(invocations: Invocation[]): Placeholder[] {
  const out: Placeholder[] = [];
  for (const inv of invocations) {
    for (const arg of [inv.name, ...inv.args, ...inv.redirects.map((r) => r.target)]) {
      if (CAPS.test(arg) && inv.name !== "redis-cli") out.push({ text: arg, kind: "caps" });
      const host = EXAMPLE_HOST.exec(arg);
      if (host) out.push({ text: host[0], kind: "example-host" });
      if (arg.includes("/path/to/")) out.push({ text: arg, kind: "example-path" });
    }
  }
  return out;
}

export function dedupePlaceholders(list: Placeholder[]): Placeholder[] {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.text) ? false : (seen.add(p.text), true)));
}
