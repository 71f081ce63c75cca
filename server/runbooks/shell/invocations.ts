import type { Node } from "web-tree-sitter";
import { withBashTree } from "./bash-parser";
import { commandWords, literal } from "./words";

/** One program a command line runs, after looking through wrappers like sudo and docker exec. */
export interface Invocation {
  /** The program's base name (`pg_dump` for `/usr/bin/pg_dump`). */
  name: string;
  /** The program as written. */
  path: string;
  args: string[];
  /** Output redirects: `>` / `>>` / `&>` with their first destination word. */
  redirects: { op: string; target: string }[];
  /** The wrappers looked through to reach it, outermost first (sudo, docker exec ...). */
  via: string[];
}

// Wrappers whose own flags are skipped to reach the command they run.
const PREFIX_WRAPPERS: Record<string, { flagsWithValue: string[] }> = {
  sudo: { flagsWithValue: ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U"] },
  nohup: { flagsWithValue: [] },
  time: { flagsWithValue: [] },
  nice: { flagsWithValue: ["-n"] },
  ionice: { flagsWithValue: ["-c", "-n"] },
  env: { flagsWithValue: ["-u", "-C"] },
  timeout: { flagsWithValue: ["-s", "-k", "--signal", "--kill-after"] },
  xargs: { flagsWithValue: ["-I", "-n", "-P", "-d", "-L", "-s", "-E"] },
  watch: { flagsWithValue: ["-n", "-d"] },
  exec: { flagsWithValue: ["-a"] },
  command: { flagsWithValue: [] },
};
const DOCKER_EXEC_FLAGS_WITH_VALUE = ["-u", "--user", "-e", "--env", "-w", "--workdir", "--env-file", "--detach-keys"];

/** Every invocation in a parsed statement, including inside `$(...)`, pipelines and loops. */
export function invocationsOf(statement: Node, depth = 0): Invocation[] {
  const out: Invocation[] = [];
  const commands = statement.type === "command" ? [statement] : statement.descendantsOfType("command");
  for (const cmd of commands) {
    if (!cmd) continue;
    const { name, args } = commandWords(cmd);
    if (!name) continue;
    const redirects = redirectsOf(cmd);
    out.push(...unwrap(name, args.map(literal), redirects, [], depth));
  }
  return out;
}

function redirectsOf(cmd: Node): Invocation["redirects"] {
  // The redirects of `cmd > f` hang off the enclosing redirected_statement.
  const holder = cmd.parent?.type === "redirected_statement" ? cmd.parent : null;
  const nodes = holder ? holder.namedChildren.filter((n) => n?.type === "file_redirect") : [];
  const out: Invocation["redirects"] = [];
  for (const r of nodes) {
    if (!r) continue;
    const op = r.children.find((c) => c && !c.isNamed)?.text ?? "";
    // tree-sitter-bash lets a redirect swallow the words after it (its issue #233): only the
    // first word is the destination.
    const dest = r.namedChildren.find((c) => c && c.type !== "file_descriptor");
    if (dest && /^(>|>>|&>|&>>|>\||>&)$/.test(op)) out.push({ op, target: literal(dest) });
  }
  return out;
}

function unwrap(name: string, args: string[], redirects: Invocation["redirects"], via: string[], depth: number): Invocation[] {
  const base = name.split("/").pop() ?? name;
  const wrapper = PREFIX_WRAPPERS[base];
  if (wrapper) {
    let i = 0;
    while (i < args.length && (args[i]!.startsWith("-") || (base === "env" && args[i]!.includes("=")))) {
      if (wrapper.flagsWithValue.includes(args[i]!)) i++;
      i++;
    }
    if (base === "timeout") i++; // the duration
    if (i < args.length) return unwrap(args[i]!, args.slice(i + 1), redirects, [...via, base], depth);
    return [{ name: base, path: name, args, redirects, via }];
  }
  if ((base === "docker" || base === "podman") && args[0] === "exec") {
    let i = 1;
    while (i < args.length && args[i]!.startsWith("-")) {
      if (DOCKER_EXEC_FLAGS_WITH_VALUE.includes(args[i]!)) i++;
      i++;
    }
    // args[i] is the container; what follows is the command run inside it.
    if (i + 1 < args.length) return unwrap(args[i + 1]!, args.slice(i + 2), redirects, [...via, `${base} exec ${args[i]}`], depth);
  }
  if ((base === "kubectl" || base === "oc") && args.includes("exec") && args.includes("--")) {
    const i = args.indexOf("--");
    if (i + 1 < args.length) return unwrap(args[i + 1]!, args.slice(i + 2), redirects, [...via, `${base} exec`], depth);
  }
  const self: Invocation = { name: base, path: name, args, redirects, via };
  if (["sh", "bash", "zsh", "dash", "ash"].includes(base) && depth < 3) {
    const c = args.indexOf("-c");
    const script = c >= 0 ? args[c + 1] : undefined;
    if (script) {
      // A script hidden in a string (`sh -c "find /data -delete"`) is parsed again.
      const inner = withBashTree(script, (root) => invocationsOf(root, depth + 1));
      return [self, ...inner.map((inv) => ({ ...inv, via: [...via, `${base} -c`, ...inv.via] }))];
    }
  }
  return [self];
}
