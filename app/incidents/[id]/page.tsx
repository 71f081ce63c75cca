import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { IncidentView } from "@/app/_components/incident/IncidentView";
import { serverCaller } from "@/server/trpc/server-caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  try {
    return await serverCaller().incidents.get({ id });
  } catch (err) {
    // A malformed id is as unknown as a well-formed one that does not exist.
    if (err instanceof TRPCError && (err.code === "NOT_FOUND" || err.code === "BAD_REQUEST")) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await load((await params).id);
  return { title: `${view.incident.title} (${view.incident.status})` };
}

export default async function IncidentPage({ params }: Props) {
  return <IncidentView initial={await load((await params).id)} />;
}
