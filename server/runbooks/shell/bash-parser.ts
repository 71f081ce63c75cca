import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

// tree-sitter-bash's WebAssembly grammar through web-tree-sitter: a full, typed bash AST with no
// native build. Loaded once per process; parsing is synchronous after that.
let ready: Promise<Parser> | null = null;
let parser: Parser | null = null;

export function loadBashParser(): Promise<Parser> {
  ready ??= (async () => {
    await Parser.init();
    // Resolved from the app's own node_modules: this module also runs inside Next's bundle.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const wasm = await readFile(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    parser = p;
    return p;
  })();
  return ready;
}

/**
 * Parses bash and hands the tree to `use`; the tree's memory (WebAssembly heap) is freed after.
 * Call `loadBashParser()` once before.
 */
export function withBashTree<T>(source: string, use: (root: Node, tree: Tree) => T): T {
  if (!parser) throw new Error("The bash parser is not loaded yet: await loadBashParser() first.");
  const tree = parser.parse(source);
  if (!tree) throw new Error("The bash parser returned no tree.");
  try {
    return use(tree.rootNode, tree);
  } finally {
    tree.delete();
  }
}

/** A human description of the first syntax error in a tree, or null when it has none. */
export function firstSyntaxError(root: Node, source: string): { row: number; message: string } | null {
  if (!root.hasError) return null;
  let found: Node | null = null;
  const visit = (n: Node) => {
    if (found) return;
    if (n.isError || n.isMissing) {
      found = n;
      return;
    }
    for (const c of n.children) if (c && c.hasError) visit(c);
    if (!found) for (const c of n.children) if (c && (c.isError || c.isMissing)) visit(c);
  };
  visit(root);
  const node = found as Node | null;
  if (!node) return { row: 0, message: "syntax error" };
  const line = source.split("\n")[node.startPosition.row] ?? "";
  const near = node.isMissing
    ? `missing ${JSON.stringify(node.type)}`
    : `unexpected ${JSON.stringify(node.text.split("\n")[0]!.slice(0, 40) || line.trim().slice(0, 40))}`;
  return { row: node.startPosition.row, message: `syntax error at column ${node.startPosition.column + 1}: ${near}` };
}
