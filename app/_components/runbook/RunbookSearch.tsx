"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { isPlainKey, isTypingTarget } from "@/app/_lib/keyboard";
import { SEARCH_QUERY_MAX, type RunbookSearchField } from "@/server/shared/runbook-search";
import { SeverityBadge } from "./SeverityBadge";

const FIELD_WORDS: Record<RunbookSearchField, string> = {
  alerts: "alert name",
  file: "file name",
  title: "title",
  component: "component",
  team: "team",
  commands: "command",
};

/**
 * The home page's runbook finder: focused on load and by `/` anywhere, results as you type
 * (ranked on the server), Enter opens the best match. With an empty box the full list shows.
 */
export function RunbookSearch({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  const searching = q.trim() !== "";
  const search = useQuery(trpc.runbooks.search.queryOptions({ q }, { enabled: searching, placeholderData: keepPreviousData }));
  const resultsId = useId();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || !isPlainKey(e) || isTypingTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const result = searching ? search.data : undefined;
  const summary = !searching
    ? ""
    : search.error
      ? search.error.message
      : result
        ? `${result.total} runbook${result.total === 1 ? "" : "s"} match${result.total === 1 ? "es" : ""}${result.total > result.hits.length ? `, best ${result.hits.length} shown` : ""}`
        : "Searching…";

  return (
    <>
      <form
        role="search"
        className="mt-4"
        onSubmit={(e) => {
          e.preventDefault();
          const best = result?.hits[0];
          if (best) router.push(`/runbooks/${best.slug}`);
        }}
      >
        <label htmlFor="runbook-search" className="sr-only">
          Search runbooks
        </label>
        <input
          id="runbook-search"
          ref={input}
          type="search"
          // The first thing a paged engineer does here is type the alert's name.
          autoFocus
          autoComplete="off"
          spellCheck={false}
          maxLength={SEARCH_QUERY_MAX}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setQ("");
          }}
          aria-describedby={`${resultsId}-hint`}
          aria-controls={resultsId}
          placeholder="Alert name, title, component, team or command"
          className="min-h-11 w-full rounded-lg border border-zinc-700 bg-zinc-950 px-4 py-2 text-base text-zinc-100 placeholder:text-zinc-400 focus:border-amber-400 focus:outline-none"
        />
        <p id={`${resultsId}-hint`} className="mt-1 text-xs text-zinc-400">
          <kbd className="rounded border border-zinc-700 px-1">/</kbd> searches from anywhere on this page ·{" "}
          <kbd className="rounded border border-zinc-700 px-1">Enter</kbd> opens the best match ·{" "}
          <kbd className="rounded border border-zinc-700 px-1">Esc</kbd> clears
        </p>
      </form>
      <p role="status" aria-live="polite" className="mt-3 text-sm text-zinc-300" data-took-ms={result?.tookMs}>
        {summary}
      </p>
      <div id={resultsId}>
        {!searching ? (
          children
        ) : result && result.hits.length > 0 ? (
          <ol className="mt-3 grid grid-cols-1 gap-3" aria-label="Search results">
            {result.hits.map((h) => (
              <li key={h.slug} className="min-w-0 rounded-lg border border-zinc-800 bg-zinc-900 p-4">
                <div className="flex flex-wrap items-center gap-3">
                  <Link href={`/runbooks/${h.slug}`} className="text-lg font-medium text-amber-300 hover:underline">
                    {h.title}
                  </Link>
                  <SeverityBadge severity={h.severity} />
                  <span className="text-xs text-zinc-400">{h.file}</span>
                </div>
                {h.alerts.length > 0 && (
                  <p className="mt-2 flex flex-wrap gap-2 text-sm" aria-label="Alerts">
                    {h.alerts.map((a) => (
                      <code key={a} className="rounded bg-zinc-800 px-1.5 py-0.5 text-zinc-200">
                        {a}
                      </code>
                    ))}
                  </p>
                )}
                {h.command && (
                  <p className="mt-2 truncate font-mono text-sm text-zinc-300" title={h.command}>
                    <span className="sr-only">Matching command: </span>$ {h.command}
                  </p>
                )}
                <p className="mt-2 text-xs text-zinc-400">
                  matched in {h.matched.map((f) => FIELD_WORDS[f]).join(", ")}
                  {[h.component, h.team].filter(Boolean).map((x) => ` · ${x}`)} · {h.commandCount} commands
                </p>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
    </>
  );
}
