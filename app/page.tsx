import Link from "next/link";
import { RelativeTime } from "./_components/time/RelativeTime";
import { requireUser, serverCaller } from "@/server/trpc/server-caller";
import { SeverityBadge } from "./_components/runbook/SeverityBadge";
import { UnroutedAlerts } from "./_components/alerts/UnroutedAlerts";
import { RunbookSearch } from "./_components/runbook/RunbookSearch";
import { hasRole } from "@/server/shared/roles";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser("/");
  const caller = serverCaller(user);
  const [runbooks, incidents, unrouted] = await Promise.all([
    caller.runbooks.list(),
    caller.incidents.list(),
    hasRole(user.role, "responder") ? caller.alerts.unrouted() : Promise.resolve([]),
  ]);
  return (
    <>
      <UnroutedAlerts alerts={unrouted} runbooks={runbooks.flatMap((r) => (r.ok ? [{ slug: r.slug, title: r.meta.title }] : []))} />
      <section aria-labelledby="incidents-heading" className="mb-10">
        <h1 id="incidents-heading" className="text-2xl font-semibold">
          Open incidents
        </h1>
        {incidents.length === 0 ? (
          <NextSteps canRespond={hasRole(user.role, "responder")} hasRunbooks={runbooks.length > 0} />
        ) : (
          <ul className="mt-4 grid gap-2" aria-label="Open incidents">
            {incidents.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-3 rounded-lg border border-zinc-800 bg-zinc-900 px-4 py-3">
                <SeverityBadge severity={i.severity} />
                <Link href={`/incidents/${i.id}`} className="font-medium text-amber-300 hover:underline">
                  {i.title}
                </Link>
                <span className="text-sm text-zinc-400">{i.status}</span>
                <span className="text-xs text-zinc-400">
                  opened <RelativeTime at={i.openedAt} /> by {i.openedBy}
                  {i.lastActivity && (
                    <>
                      {" "}
                      · last activity <RelativeTime at={i.lastActivity.at} /> ({i.lastActivity.type} by {i.lastActivity.actor})
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="runbooks-heading">
        <h2 id="runbooks-heading" className="text-2xl font-semibold">
          Runbooks
        </h2>
        <p className="mt-1 text-sm text-zinc-400">Find the runbook for the alert that paged you, then start an incident.</p>
        {runbooks.length === 0 && <p className="mt-6 text-zinc-400">No runbooks found: add Markdown files to the runbooks folder.</p>}
        <RunbookSearch>
          <ul className="mt-3 grid gap-3" aria-label="Runbooks">
            {runbooks.map((rb) =>
              rb.ok ? (
                <li key={rb.slug} className="rounded-lg border border-zinc-800 bg-zinc-900 p-4 hover:border-zinc-600">
                  <div className="flex flex-wrap items-center gap-3">
                    <Link href={`/runbooks/${rb.slug}`} className="text-lg font-medium text-amber-300 hover:underline">
                      {rb.meta.title}
                    </Link>
                    <SeverityBadge severity={rb.meta.severity} />
                    <span className="text-xs text-zinc-400">{rb.file}</span>
                  </div>
                  {rb.meta.alerts.length > 0 && (
                    <p className="mt-2 flex flex-wrap gap-2 text-sm" aria-label="Alerts">
                      {rb.meta.alerts.map((a) => (
                        <code key={a} className="rounded bg-zinc-800 px-1.5 py-0.5 text-zinc-200">
                          {a}
                        </code>
                      ))}
                    </p>
                  )}
                  <p className="mt-2 text-xs text-zinc-400">
                    {[rb.meta.component, rb.meta.team].filter(Boolean).join(" · ")}
                    {rb.meta.component || rb.meta.team ? " · " : ""}
                    {rb.commandCount} commands
                    {rb.errors > 0 && (
                      <span className="text-red-300">
                        {" "}
                        · {rb.errors} lint error{rb.errors === 1 ? "" : "s"}
                      </span>
                    )}
                    {rb.warnings > 0 && ` · ${rb.warnings} lint warning${rb.warnings === 1 ? "" : "s"}`}
                  </p>
                </li>
              ) : (
                <li
                  key={rb.slug}
                  className="rounded-lg border border-red-900 bg-red-950/40 p-4"
                  role="group"
                  aria-label={`${rb.file} cannot be read`}
                >
                  <p className="font-medium text-red-300">{rb.file} cannot be read</p>
                  <p className="mt-1 font-mono text-sm text-red-200">{rb.error}</p>
                </li>
              ),
            )}
          </ul>
        </RunbookSearch>
      </section>
    </>
  );
}

/** What to do on a quiet day, or on the first one. */
function NextSteps({ canRespond, hasRunbooks }: { canRespond: boolean; hasRunbooks: boolean }) {
  return (
    <div className="mt-3 rounded-lg border border-zinc-800 bg-zinc-900 p-4 text-sm text-zinc-300" aria-label="Next steps" role="group">
      <p className="font-medium text-zinc-100">Nothing is open.</p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {canRespond && hasRunbooks && (
          <li>
            Paged? Type the alert&apos;s name in the search box below, open its runbook and press <strong>Start incident</strong>.
          </li>
        )}
        {!hasRunbooks && <li>Add your runbooks: Markdown files in the runbooks folder (see the README).</li>}
        {canRespond && (
          <li>
            Let alerts open incidents themselves: point an Alertmanager webhook at Runlog (
            <Link href="/help#alerts-in-notifications-out" className="text-amber-300 underline">
              how
            </Link>
            ).
          </li>
        )}
        {!canRespond && <li>You can read incidents and their timelines here once someone opens one.</li>}
      </ul>
    </div>
  );
}
