/** The text of an mdast node, code excluded. Iterative: deeply nested lists must not overflow. */
export function plainText(node: unknown): string {
  let out = "";
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop() as { value?: unknown; children?: unknown[]; type?: string } | string;
    if (typeof n === "string") {
      out += n;
      continue;
    }
    if (n.type === "code") continue;
    if (n.type === "break") out += "\n";
    if (typeof n.value === "string") out += n.value;
    if (Array.isArray(n.children)) {
      for (let i = n.children.length - 1; i >= 0; i--) {
        stack.push(n.children[i]);
        if (n.type === "list" && i > 0) stack.push("\n");
      }
    }
  }
  return out;
}
