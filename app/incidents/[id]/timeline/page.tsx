import type { Metadata } from "next";
import { cache } from "react";
import { orNotFound } from "@/app/_lib/or-not-found";
import { CommanderView } from "@/app/_components/incident/CommanderView";
import { requireUser, serverCaller } from "@/server/trpc/server-caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

const load = cache(async (id: string) => orNotFound(serverCaller(await requireUser(`/incidents/${id}/timeline`)).incidents.get({ id })));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await load((await params).id);
  return { title: `Timeline: ${view.incident.title} (${view.incident.status})` };
}

export default async function IncidentTimelinePage({ params }: Props) {
  return <CommanderView initial={await load((await params).id)} />;
}
