import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Runbook, RunbookMeta } from "../shared/runbook";
import { sectionCommands, ZRunbookSlug } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

export type CatalogEntry =
  | { slug: string; file: string; ok: true; meta: RunbookMeta; commandCount: number }
  | { slug: string; file: string; ok: false; error: string };

export interface LoadedRunbook {
  slug: string;
  file: string;
  content: string;
  sha256: string;
  runbook: Runbook;
}

/** Every `.md` file in the folder; a file that fails to parse is listed with its error. */
export async function listRunbooks(dir: string): Promise<CatalogEntry[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.endsWith(".md") && ZRunbookSlug.safeParse(d.name.slice(0, -3)).success)
    .map((d) => d.name)
    .sort();
  return Promise.all(
    names.map(async (name): Promise<CatalogEntry> => {
      const slug = name.slice(0, -3);
      try {
        const { runbook } = parseContent(await readFile(path.join(dir, name), "utf8"));
        const commandCount = runbook.sections.reduce((n, s) => n + sectionCommands(s).length, 0);
        return { slug, file: name, ok: true, meta: runbook.meta, commandCount };
      } catch (err) {
        return { slug, file: name, ok: false, error: (err as Error).message };
      }
    }),
  );
}

/** Null when there is no such runbook; throws when the file exists but cannot be parsed. */
export async function loadRunbook(dir: string, slug: string): Promise<LoadedRunbook | null> {
  if (!ZRunbookSlug.safeParse(slug).success) return null;
  const file = `${slug}.md`;
  let content: string;
  try {
    content = await readFile(path.join(dir, file), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  return { slug, file, content, ...parseContent(content) };
}

export function parseContent(content: string): { sha256: string; runbook: Runbook } {
  return { sha256: createHash("sha256").update(content).digest("hex"), runbook: parseRunbook(content) };
}
