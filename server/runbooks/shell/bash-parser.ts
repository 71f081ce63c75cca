import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

// tree-sitter-bash's WebAssembly grammar through web-tree-sitter: a full, typed bash AST with no
// native build. Loaded once per process (~40 MB of WebAssembly): Next's bundle and the custom
// server load this module apart, so the parser lives on globalThis. Parsing is synchronous after.
const g = globalThis as unknown as { runlogBashParser?: { ready: Promise<Parser> | null; parser: Parser | null } };
const shared = (g.runlogBashParser ??= { ready: null, parser: null });

export function loadBashParser(): Promise<Parser> {
  return (shared.ready ??= load());
}

function load(): Promise<Parser> {
  return (async () => {
    await Parser.init();
    // Resolved from the app's own node_modules: this module also runs inside Next's bundle.
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const wasm = await readFile(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    shared.parser = p;
    return p;
  })();
}

/**
 * Parses bash and hands the tree to `use`; the tree's memory (WebAssembly heap) is freed after.
 * Call `loadBashParser()` once before.
 */
export function withBashTree<T>(source: string, use: (root: Node, tree: Tree) => T): T {
  if (!shared.parser) throw new Error("The bash parser is not loaded yet: await loadBashParser() first.");
  const tree = shared.parser.parse(source);
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
