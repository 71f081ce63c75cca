import type { Node } from "web-tree-sitter";

/**
 * The literal value of a word-like node as the shell would see it, where that is knowable:
 * quotes removed, escapes resolved. Expansions stay as written (`$X`), which is what risk and
 * placeholder rules need: they look at flags, paths and keywords, not at runtime values.
 */
export function literal(node: Node): string {
  switch (node.type) {
    case "raw_string":
      return node.text.slice(1, -1);
    case "string":
      return node.text.slice(1, -1);
    case "ansi_c_string":
      return node.text.slice(2, -1);
    case "concatenation":
      return node.namedChildren.map((c) => (c ? literal(c) : "")).join("");
    case "word":
      return node.text.replace(/\\(.)/g, "$1");
    default:
      return node.text;
  }
}

/** The words a `command` node runs: its name, then its arguments (redirects excluded). */
export function commandWords(cmd: Node): { name: string; args: Node[] } {
  const nameNode = cmd.childForFieldName("name");
  const args: Node[] = [];
  for (const child of cmd.namedChildren) {
    if (!child || child === nameNode || child.type === "variable_assignment" || child.type.endsWith("redirect")) continue;
    if (nameNode && child.equals(nameNode)) continue;
    args.push(child);
  }
  return { name: nameNode ? literal(nameNode.firstNamedChild ?? nameNode) : "", args };
}
