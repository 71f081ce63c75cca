import type { IncidentData } from "./use-live-incident";
import { RelativeTime } from "@/app/_components/time/RelativeTime";

type Alert = IncidentData["alerts"][number];
// Only web links are links: a label or URL from outside never becomes a javascript: href.
const webLink = (u: string) => (/^https?:\/\//i.test(u) ? u : null);

/** The alert the incident was opened for: what Alertmanager said, and how it stands now. */
export function AlertPanel({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) return null;
  return (
    <section aria-label="Alert" className="mt-3 space-y-2">
      {alerts.map((a) => (
        <div
          key={a.id}
          className={`rounded border px-3 py-2 text-sm ${a.status === "firing" ? "border-red-800 bg-red-950/30" : "border-emerald-900 bg-emerald-950/20"}`}
        >
          <p className="flex flex-wrap items-center gap-2">
            <strong>Alert {a.alertname}</strong>
            <span aria-label="Alert status" className={a.status === "firing" ? "font-semibold text-red-300" : "text-emerald-300"}>
              {a.status === "firing" ? (
                <>
                  firing · still firing <RelativeTime at={a.lastAt} />
                </>
              ) : (
                <>
                  resolved
                  {a.endsAt && (
                    <>
                      {" "}
                      <RelativeTime at={a.endsAt} />
                    </>
                  )}
                </>
              )}
            </span>
            <span className="text-zinc-400">
              since <RelativeTime at={a.startsAt} /> · {a.notifications} notification{a.notifications === 1 ? "" : "s"} via {a.tokenName}
            </span>
            {webLink(a.generatorURL) && (
              <a href={webLink(a.generatorURL)!} target="_blank" rel="noopener noreferrer" className="text-sky-300 hover:underline">
                source graph
              </a>
            )}
          </p>
          {Object.entries(a.annotations).map(([k, v]) => (
            <p key={k} className="mt-1 whitespace-pre-wrap text-zinc-300">
              <span className="text-zinc-400">{k}:</span> {v}
            </p>
          ))}
          <p className="mt-1 flex flex-wrap gap-1" aria-label="Alert labels">
            {Object.entries(a.labels).map(([k, v]) => (
              <code key={k} className="rounded bg-zinc-800 px-1.5 py-0.5 text-xs text-zinc-200">
                {k}={v}
              </code>
            ))}
          </p>
        </div>
      ))}
    </section>
  );
}
