import type { Node } from "web-tree-sitter";
import { loadBashParser, withBashTree } from "./bash-parser";
import { invocationsOf } from "./invocations";

// Programs that run code given to them as text: what they do cannot be read from the command.
const INTERPRETERS = new Set([
  "python",
  "python2",
  "python3",
  "perl",
  "ruby",
  "node",
  "php",
  "lua",
  "bash",
  "sh",
  "zsh",
  "dash",
  "ksh",
  "fish",
  "tclsh",
  "osascript",
]);
const CODE_FLAGS = new Set(["-c", "-e", "-E", "--eval", "-r"]);

/**
 * Why an edited command hides what it does, if it does: `eval`, a program name computed at run
 * time, an interpreter given code (`-c`, a heredoc, `busybox`). Nobody reviewed an edit in the
 * runbook, so such an edit counts as destructive whatever the rules found in its words.
 */
export async function editDisguise(text: string): Promise<string | null> {
  await loadBashParser();
  return withBashTree(text, (root) => {
    const heredocInto = (n: Node): boolean => n.descendantsOfType(["heredoc_redirect", "herestring_redirect"]).length > 0;
    for (const statement of root.namedChildren) {
      if (!statement) continue;
      for (const inv of invocationsOf(statement)) {
        if (inv.name === "eval") return "eval runs text as a command";
        if (/[$`]/.test(inv.name)) return `the program's name (${inv.name}) is computed when it runs`;
        if (inv.name === "busybox") return "busybox runs whichever tool its first word names";
        if (INTERPRETERS.has(inv.name.split("/").pop()!)) {
          if (inv.args.some((a) => CODE_FLAGS.has(a))) return `${inv.name} runs code given to it as text`;
          if (heredocInto(statement)) return `${inv.name} runs code fed to it on standard input`;
        }
      }
    }
    return null;
  });
}
