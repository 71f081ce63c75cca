import type { Metadata } from "next";
import { ProseHtml } from "@/app/_components/runbook/ProseHtml";
import { helpHtml, requireUser } from "@/server/trpc/server-caller";

export const metadata: Metadata = { title: "Help" };
export const dynamic = "force-dynamic";

export default async function HelpPage() {
  await requireUser("/help");
  return (
    <article aria-label="Runlog manual" className="mx-auto max-w-3xl">
      <ProseHtml
        html={await helpHtml()}
        className="[&_h1]:text-2xl [&_h1]:font-semibold [&_h2]:mt-8 [&_h2]:scroll-mt-4 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:mt-6 [&_h3]:scroll-mt-4 [&_h3]:font-semibold [&_pre]:mt-2 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-950 [&_pre]:p-3"
      />
    </article>
  );
}
