import type { Node } from "web-tree-sitter";
import { isSecretName } from "../../shared/secret-names";
import { literal } from "./words";

export interface VariableUse {
  name: string;
  optional: boolean;
  secret: boolean;
}

// Set by the shell or the login environment: never asked of the responder.
const AMBIENT = new Set([
  "HOME",
  "PATH",
  "PWD",
  "OLDPWD",
  "USER",
  "LOGNAME",
  "SHELL",
  "TERM",
  "LANG",
  "LC_ALL",
  "HOSTNAME",
  "HOSTTYPE",
  "UID",
  "EUID",
  "PPID",
  "RANDOM",
  "SECONDS",
  "LINENO",
  "IFS",
  "TMPDIR",
  "EDITOR",
  "PAGER",
  "DISPLAY",
  "OSTYPE",
  "MACHTYPE",
  "SHLVL",
  "REPLY",
  "PIPESTATUS",
  "FUNCNAME",
  "EPOCHSECONDS",
  "EPOCHREALTIME",
  "COLUMNS",
  "LINES",
  "KUBECONFIG",
  "XDG_RUNTIME_DIR",
  "XDG_CONFIG_HOME",
  "SSH_AUTH_SOCK",
]);

const READ_FLAGS_WITH_VALUE = new Set(["-p", "-t", "-d", "-n", "-N", "-u", "-a", "-i"]);

/**
 * Variables a piece of shell reads without setting them first. `assigned` carries what earlier
 * commands of the same block set, and is extended with what this one sets.
 */
export function variablesNeeded(root: Node, assigned: Set<string>): VariableUse[] {
  const events: { at: number; kind: "use" | "set"; name: string; optional: boolean }[] = [];
  const walk = (n: Node) => {
    switch (n.type) {
      case "simple_expansion":
      case "expansion": {
        const v = n.namedChildren.find((c) => c?.type === "variable_name");
        if (v) {
          // `${X:-default}`, `${X-default}`, `${X:=default}` and `${X:+alt}` work with X unset.
          const optional = n.type === "expansion" && n.children.some((c) => c && /^:?[-=+]$/.test(c.type));
          const isLength = n.children.some((c) => c?.type === "#");
          events.push({ at: n.startIndex, kind: "use", name: v.text, optional: optional || isLength });
        }
        break;
      }
      case "variable_assignment": {
        const name = n.childForFieldName("name");
        if (name) events.push({ at: n.endIndex, kind: "set", name: name.text, optional: false });
        break;
      }
      case "for_statement": {
        const v = n.childForFieldName("variable");
        if (v) events.push({ at: v.endIndex, kind: "set", name: v.text, optional: false });
        break;
      }
      case "command": {
        const name = n.childForFieldName("name");
        if (name && (name.text === "read" || name.text === "mapfile" || name.text === "readarray")) {
          const args = n.namedChildren.filter((c) => c && !c.equals(name));
          for (let i = 0; i < args.length; i++) {
            const a = literal(args[i]!);
            if (a.startsWith("-")) {
              if (READ_FLAGS_WITH_VALUE.has(a)) i++;
              continue;
            }
            if (/^[A-Za-z_]\w*$/.test(a)) events.push({ at: n.endIndex, kind: "set", name: a, optional: false });
          }
        }
        break;
      }
    }
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(root);
  events.sort((a, b) => a.at - b.at || (a.kind === "set" ? -1 : 1));

  const needed = new Map<string, VariableUse>();
  for (const e of events) {
    if (e.kind === "set") {
      assigned.add(e.name);
      continue;
    }
    if (assigned.has(e.name) || AMBIENT.has(e.name) || /^\d+$/.test(e.name) || e.name.startsWith("BASH")) continue;
    const prev = needed.get(e.name);
    needed.set(e.name, { name: e.name, optional: (prev?.optional ?? true) && e.optional, secret: isSecretName(e.name) });
  }
  return [...needed.values()];
}
