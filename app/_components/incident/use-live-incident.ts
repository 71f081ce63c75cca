"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import type { AppRouter } from "@/server/trpc/root";

const COALESCE_MS = 120;

export type IncidentData = inferRouterOutputs<AppRouter>["incidents"]["get"];

/** What the live feed delivered: the last sequence number, and any gap or repeat it showed. */
export interface FeedHealth {
  lastSeq: number;
  gaps: number;
  repeats: number;
}

/**
 * An incident as every open page sees it: whatever anyone does reaches it, because each new
 * timeline event (pushed by the server, resumed after the last one seen on a reconnect) reloads
 * the view. `refresh` reloads it after this page's own actions. `feed` counts what a reconnect
 * must never cause: a skipped or repeated sequence number.
 */
export function useLiveIncident(initial: IncidentData) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryOptions = trpc.incidents.get.queryOptions({ id: initial.incident.id }, { initialData: initial });
  const view = useQuery(queryOptions).data ?? initial;
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryOptions.queryKey });
  const [since] = useState(() => initial.events.at(-1)?.seq ?? -1);
  const [feed, setFeed] = useState<FeedHealth>({ lastSeq: since, gaps: 0, repeats: 0 });
  // A burst of events (a run finishing writes three or four) reloads the view once: the first
  // event schedules a reload a moment later, which then includes everything up to it.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshSoon = () => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      void refresh();
    }, COALESCE_MS);
  };
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  const live = useSubscription(
    trpc.incidents.events.subscriptionOptions(
      { id: initial.incident.id, afterSeq: since },
      {
        onData: ({ data }) => {
          setFeed((f) => ({
            lastSeq: Math.max(f.lastSeq, data.seq),
            gaps: f.gaps + (data.seq > f.lastSeq + 1 ? 1 : 0),
            repeats: f.repeats + (data.seq <= f.lastSeq ? 1 : 0),
          }));
          refreshSoon();
        },
      },
    ),
  );
  return { view, refresh, liveStatus: live.status, feed };
}
