import MiniSearch from "minisearch";
import { performance } from "node:perf_hooks";
import type { RunbookSearchHit, RunbookSearchField, RunbookSearchResult } from "../shared/runbook-search";
import { readCatalog, type Catalog } from "./catalog";

// Search as you type over the runbook catalog: what the pager said (the alert name) counts most,
// then the file name (runbook collections name files after their alert), the title, component
// and team, then the commands' text. MiniSearch keeps an inverted
// index in memory, rebuilt only when the catalog changes.

interface Doc {
  id: string;
  alerts: string;
  file: string;
  title: string;
  component: string;
  team: string;
  commands: string;
}

const BOOST: Record<RunbookSearchField, number> = { alerts: 6, file: 5, title: 4, component: 2, team: 2, commands: 1 };
const FIELDS = Object.keys(BOOST) as RunbookSearchField[];

/** Words, plus the parts of camelCase and snake_case names: "BackupJobFailed" is found by "job failed". */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}_]+/u)) {
    if (!word) continue;
    terms.push(word);
    const parts = word
      .split(/_+|(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u)
      .filter(Boolean);
    if (parts.length > 1) terms.push(...parts);
  }
  return terms;
}

type CatalogIndex = { search: MiniSearch<Doc>; bySlug: Map<string, Catalog["entries"][number]> };

const indexes = new WeakMap<Catalog, CatalogIndex>();

function indexOf(catalog: Catalog): CatalogIndex {
  const known = indexes.get(catalog);
  if (known) return known;
  const index = new MiniSearch<Doc>({
    fields: FIELDS,
    tokenize: searchTerms,
    processTerm: (term) => term.toLowerCase(),
    searchOptions: {
      boost: BOOST,
      combineWith: "AND",
      prefix: true,
      // Typos in longer words only: "backp" should not find everything with a "b".
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    },
  });
  index.addAll(
    catalog.entries.flatMap((e) =>
      e.ok
        ? [
            {
              id: e.slug,
              alerts: e.meta.alerts.join(" "),
              file: e.slug,
              title: e.meta.title,
              component: e.meta.component ?? "",
              team: e.meta.team ?? "",
              commands: (catalog.commands.get(e.slug) ?? []).join("\n"),
            },
          ]
        : [],
    ),
  );
  const built = { search: index, bySlug: new Map(catalog.entries.map((e) => [e.slug, e])) };
  indexes.set(catalog, built);
  return built;
}

export async function searchRunbooks(dir: string, query: string, limit: number): Promise<RunbookSearchResult> {
  const started = performance.now();
  const catalog = await readCatalog(dir);
  const { search, bySlug } = indexOf(catalog);
  const results = query.trim() ? search.search(query) : [];
  const hits: RunbookSearchHit[] = [];
  for (const r of results.slice(0, limit)) {
    const entry = bySlug.get(r.id as string);
    if (!entry?.ok) continue;
    const matched = FIELDS.filter((f) => Object.values(r.match).some((fields) => fields.includes(f)));
    hits.push({
      slug: entry.slug,
      file: entry.file,
      title: entry.meta.title,
      severity: entry.meta.severity,
      alerts: entry.meta.alerts,
      component: entry.meta.component,
      team: entry.meta.team,
      commandCount: entry.commandCount,
      matched,
      command: matched.includes("commands") ? matchingCommand(catalog.commands.get(entry.slug) ?? [], r.terms) : null,
    });
  }
  return { hits, total: results.length, tookMs: Math.round((performance.now() - started) * 10) / 10 };
}

/** The first command line holding the most of the matched terms: shown under the hit. */
function matchingCommand(commands: string[], terms: string[]): string | null {
  let best: { line: string; score: number } | null = null;
  for (const command of commands)
    for (const line of command.split("\n")) {
      const words = new Set(searchTerms(line).map((t) => t.toLowerCase()));
      const score = terms.filter((t) => words.has(t)).length;
      if (score > 0 && (!best || score > best.score)) best = { line: line.trim(), score };
    }
  return best ? best.line.slice(0, 160) : null;
}
