import { createHash } from "node:crypto";
import { open, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Runbook, RunbookMeta } from "../shared/runbook";
import { allCommands, ZRunbookSlug } from "../shared/runbook";
import { MAX_PARSED_CHARS, TOO_LARGE } from "./markdown/input-hygiene";
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

/** A folder's runbooks as listed and searched: each file's entry, and its commands' text. */
export interface Catalog {
  entries: CatalogEntry[];
  commands: ReadonlyMap<string, string[]>;
}

/** Every `.md` file in the folder; a file that cannot be read is listed with its error. */
export async function listRunbooks(dir: string): Promise<CatalogEntry[]> {
  return (await readCatalog(dir)).entries;
}

// The home page and search read the catalog on every request, and parsing a few hundred runbooks
// takes seconds: each file's entry is kept by its name, size, change time and inode, so only an
// edited or added file is parsed again; the catalog object stays the same while nothing changed.
interface FileEntry {
  entry: CatalogEntry;
  commands: string[];
}
const folders = new Map<
  string,
  { signature: string; catalog: Promise<Catalog>; files: Map<string, { sig: string; read: Promise<FileEntry> }> }
>();

export async function readCatalog(dir: string): Promise<Catalog> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.endsWith(".md") && ZRunbookSlug.safeParse(d.name.slice(0, -3)).success)
    .map((d) => d.name)
    .sort();
  const sigs = await Promise.all(
    names.map((name) =>
      stat(path.join(dir, name)).then(
        (s) => `${s.size}:${s.mtimeMs}:${s.ino}`,
        () => "gone",
      ),
    ),
  );
  const signature = names.map((n, i) => `${n}\0${sigs[i]}`).join("\n");
  const known = folders.get(dir);
  if (known?.signature === signature) return known.catalog;
  const files = new Map<string, { sig: string; read: Promise<FileEntry> }>();
  names.forEach((name, i) => {
    const before = known?.files.get(name);
    files.set(name, before && before.sig === sigs[i] ? before : { sig: sigs[i]!, read: readEntry(dir, name) });
  });
  const catalog = Promise.all([...files.values()].map((f) => f.read)).then((read) => ({
    entries: read.map((r) => r.entry),
    commands: new Map(read.map((r) => [r.entry.slug, r.commands])),
  }));
  folders.set(dir, { signature, catalog, files });
  return catalog;
}

async function readEntry(dir: string, name: string): Promise<FileEntry> {
  const slug = name.slice(0, -3);
  try {
    const { runbook } = await parseFile(await readRunbookFile(path.join(dir, name)));
    const count = (s: string) => runbook.diagnostics.filter((d) => d.severity === s).length;
    const commands = allCommands(runbook).map((c) => c.text);
    return {
      entry: {
        slug,
        file: name,
        ok: true,
        meta: runbook.meta,
        commandCount: commands.length,
        errors: count("error"),
        warnings: count("warning"),
      },
      commands,
    };
  } catch (err) {
    return { entry: { slug, file: name, ok: false, error: (err as Error).message }, commands: [] };
  }
}

/** Null when there is no such runbook. */
export async function loadRunbook(dir: string, slug: string): Promise<LoadedRunbook | null> {
  if (!ZRunbookSlug.safeParse(slug).success) return null;
  const file = `${slug}.md`;
  let read: RunbookFile;
  try {
    read = await readRunbookFile(path.join(dir, file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  return { slug, file, content: read.content, ...(await parseFile(read)) };
}

interface RunbookFile {
  content: string;
  /** The file's whole size, when only its start was read. */
  cutFromBytes: number | null;
}

/**
 * A runbook file, or its first MAX_PARSED_CHARS bytes (up to a line end) when it is larger: a
 * 50 MB file is neither read whole on every page view nor copied into an incident.
 */
async function readRunbookFile(file: string): Promise<RunbookFile> {
  const { size } = await stat(file);
  if (size <= MAX_PARSED_CHARS) return { content: await readFile(file, "utf8"), cutFromBytes: null };
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(MAX_PARSED_CHARS);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const end = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    return { content: buf.subarray(0, end > 0 ? end : bytesRead).toString("utf8"), cutFromBytes: size };
  } finally {
    await handle.close();
  }
}

async function parseFile(read: RunbookFile): Promise<{ sha256: string; runbook: Runbook }> {
  const parsed = await parseContent(read.content);
  if (read.cutFromBytes === null) return parsed;
  const line = read.content.split("\n").length + 1;
  return {
    ...parsed,
    runbook: {
      ...parsed.runbook,
      diagnostics: [
        ...parsed.runbook.diagnostics,
        {
          severity: "error",
          line,
          rule: TOO_LARGE,
          message: `The file has ${(read.cutFromBytes / 1024 / 1024).toFixed(1)} MB; only the first ${MAX_PARSED_CHARS / 1024} KB (up to line ${line - 1}) were read. Split it into several runbooks.`,
        },
      ],
    },
  };
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
