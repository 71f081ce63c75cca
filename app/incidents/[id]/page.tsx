import type { Metadata } from "next";
import { cache } from "react";
import { orNotFound } from "@/app/_lib/or-not-found";
import { IncidentView } from "@/app/_components/incident/IncidentView";
import { requireUser, serverCaller } from "@/server/trpc/server-caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

// Metadata and page share one lookup per request.
const load = cache(async (id: string) => orNotFound(serverCaller(await requireUser(`/incidents/${id}`)).incidents.get({ id })));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await load((await params).id);
  return { title: `${view.incident.title} (${view.incident.status})` };
}

export default async function IncidentPage({ params }: Props) {
  return <IncidentView initial={await load((await params).id)} />;
}
