"use client";
import { useMutation } from "@tanstack/react-query";
import { RelativeTime } from "@/app/_components/time/RelativeTime";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "@/app/_trpc/client";

type Unrouted = RouterOutputs["alerts"]["unrouted"][number];

/** Alerts no runbook names in `alerts:`: kept, and opened on a runbook a person picks. */
export function UnroutedAlerts({ alerts, runbooks }: { alerts: Unrouted[]; runbooks: { slug: string; title: string }[] }) {
  if (alerts.length === 0) return null;
  return (
    <section aria-labelledby="unrouted-heading" className="mb-10">
      <h2 id="unrouted-heading" className="text-xl font-semibold text-red-300">
        Unrouted alerts
      </h2>
      <p className="mt-1 text-sm text-zinc-400">Firing, but no runbook names them in its alerts: open one on the runbook that fits.</p>
      <ul aria-label="Unrouted alerts" className="mt-3 grid gap-2">
        {alerts.map((a) => (
          <UnroutedAlert key={a.id} alert={a} runbooks={runbooks} />
        ))}
      </ul>
    </section>
  );
}

function UnroutedAlert({ alert, runbooks }: { alert: Unrouted; runbooks: { slug: string; title: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [slug, setSlug] = useState(runbooks[0]?.slug ?? "");
  const open = useMutation(trpc.alerts.open.mutationOptions({ onSuccess: ({ id }) => router.push(`/incidents/${id}`) }));
  const labels = Object.entries(alert.labels).filter(([k]) => k !== "alertname");
  return (
    <li aria-label={alert.alertname} className="rounded-lg border border-red-900 bg-red-950/20 px-4 py-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <strong className="text-red-200">{alert.alertname}</strong>
        <span className="text-zinc-400">
          since <RelativeTime at={alert.startsAt} /> · {alert.notifications} notification
          {alert.notifications === 1 ? "" : "s"} via {alert.tokenName}
        </span>
      </p>
      {alert.annotations.summary && <p className="mt-1 text-zinc-300">{alert.annotations.summary}</p>}
      <p className="mt-1 flex flex-wrap gap-1" aria-label="Labels">
        {labels.map(([k, v]) => (
          <code key={k} className="rounded bg-zinc-800 px-1.5 py-0.5 text-xs text-zinc-200">
            {k}={v}
          </code>
        ))}
      </p>
      <form
        className="mt-2 flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          open.mutate({ alertId: alert.id, runbookSlug: slug });
        }}
      >
        <label className="flex items-center gap-1">
          Runbook
          <select
            aria-label={`Runbook for ${alert.alertname}`}
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            className="rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
          >
            {runbooks.map((r) => (
              <option key={r.slug} value={r.slug}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          disabled={!slug || open.isPending}
          className="rounded bg-amber-500 px-3 py-0.5 font-semibold text-zinc-950 disabled:opacity-50"
        >
          Open incident
        </button>
        {open.error && (
          <span role="alert" className="text-red-300">
            {open.error.message}
          </span>
        )}
      </form>
    </li>
  );
}
