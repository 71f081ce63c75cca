"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import type { AppRouter } from "@/server/trpc/root";

export type IncidentData = inferRouterOutputs<AppRouter>["incidents"]["get"];

/**
 * An incident as every open page sees it: whatever anyone does reaches it, because each new
 * timeline event (pushed by the server, resumed after the last one seen on a reconnect) reloads
 * the view. `refresh` reloads it after this page's own actions.
 */
export function useLiveIncident(initial: IncidentData) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryOptions = trpc.incidents.get.queryOptions({ id: initial.incident.id }, { initialData: initial });
  const view = useQuery(queryOptions).data ?? initial;
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryOptions.queryKey });
  const [since] = useState(() => initial.events.at(-1)?.seq ?? -1);
  const live = useSubscription(trpc.incidents.events.subscriptionOptions({ id: initial.incident.id, afterSeq: since }, { onData: () => void refresh() }));
  return { view, refresh, liveStatus: live.status };
}
