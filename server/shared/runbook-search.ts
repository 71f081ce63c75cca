import { z } from "zod";

/** Where a runbook matched the query, in the order the ranking weighs them. */
export type RunbookSearchField = "alerts" | "file" | "title" | "component" | "team" | "commands";

export const SEARCH_QUERY_MAX = 200;
export const SEARCH_RESULTS_MAX = 25;

export const ZRunbookSearchRequest = z.object({
  q: z.string().max(SEARCH_QUERY_MAX, `A search is at most ${SEARCH_QUERY_MAX} characters.`),
});

export interface RunbookSearchHit {
  slug: string;
  file: string;
  title: string;
  severity: string | null;
  alerts: string[];
  component: string | null;
  team: string | null;
  commandCount: number;
  matched: RunbookSearchField[];
  /** The command line that matched, when a command did. */
  command: string | null;
}

export interface RunbookSearchResult {
  hits: RunbookSearchHit[];
  /** How many runbooks matched (hits holds the best SEARCH_RESULTS_MAX). */
  total: number;
  /** Server time for the search, catalog check included. */
  tookMs: number;
}
