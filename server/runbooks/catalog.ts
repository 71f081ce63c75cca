import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Runbook, RunbookMeta } from "../shared/runbook";
import { allCommands, ZRunbookSlug } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

export type CatalogEntry =
  | { slug: string; file: string; ok: true; meta: RunbookMeta; commandCount: number; errors: number; warnings: number }
  | { slug: string; file: string; ok: false; error: string };

export interface LoadedRunbook {
  slug: string;
  file: string;
  content: string;
  sha256: string;
  runbook: Runbook;
}

/** Every `.md` file in the folder; a file that cannot be read is listed with its error. */
export async function listRunbooks(dir: string): Promise<CatalogEntry[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.endsWith(".md") && ZRunbookSlug.safeParse(d.name.slice(0, -3)).success)
    .map((d) => d.name)
    .sort();
  return Promise.all(
    names.map(async (name): Promise<CatalogEntry> => {
      const slug = name.slice(0, -3);
      try {
        const { runbook } = await parseContent(await readFile(path.join(dir, name), "utf8"));
        const count = (s: string) => runbook.diagnostics.filter((d) => d.severity === s).length;
        return {
          slug,
          file: name,
          ok: true,
          meta: runbook.meta,
          commandCount: allCommands(runbook).length,
          errors: count("error"),
          warnings: count("warning"),
        };
      } catch (err) {
        return { slug, file: name, ok: false, error: (err as Error).message };
      }
    }),
  );
}

/** Null when there is no such runbook. */
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
  return { slug, file, content, ...(await parseContent(content)) };
}

// Parsing is pure, and every page view and run start re-reads the same few files (and the
// incident's snapshot): results are kept by content hash. Bounded: runbooks are edited live.
const CACHE_LIMIT = 64;
const cache = new Map<string, Promise<Runbook>>();

export async function parseContent(content: string): Promise<{ sha256: string; runbook: Runbook }> {
  const sha256 = createHash("sha256").update(content).digest("hex");
  let parsed = cache.get(sha256);
  if (parsed) {
    cache.delete(sha256);
  } else {
    parsed = parseRunbook(content);
    parsed.catch(() => cache.delete(sha256));
  }
  cache.set(sha256, parsed);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return { sha256, runbook: await parsed };
}
