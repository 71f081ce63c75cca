import { copyFile, mkdir, readdir } from "node:fs/promises";
import path from "node:path";

/** The public runbook corpus beside the repository (../shared/corpus), as CI lays it out. */
export const CORPUS_DIR = path.resolve("../shared/corpus");

/**
 * The corpus as one runbooks folder: every Markdown file copied flat into `dir`, named after its
 * path (`node-NodeFilesystemFilesFillingUp.md`) so that same-named files stay apart. Returns the count.
 */
export async function layOutCorpus(dir: string, from = CORPUS_DIR): Promise<number> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".md") && e.name !== "README.md");
  const taken = new Set<string>();
  for (const e of files) {
    const rel = path.relative(from, path.join(e.parentPath, e.name)).slice(0, -3);
    let name = rel
      .split(path.sep)
      .slice(-2)
      .join("-")
      .replace(/[^a-zA-Z0-9._-]+/g, "-")
      .replace(/^[^a-zA-Z0-9]+/, "")
      .slice(0, 100);
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${name.replace(/-\d+$/, "")}-${n}`;
    taken.add(name.toLowerCase());
    await copyFile(path.join(e.parentPath, e.name), path.join(dir, `${name}.md`));
  }
  return files.length;
}
