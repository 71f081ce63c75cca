import type { Metadata } from "next";
import { RelativeTime } from "@/app/_components/time/RelativeTime";
import Link from "next/link";
import { notFound } from "next/navigation";
import { hasRole } from "@/server/shared/roles";
import { requireUser, serverCaller } from "@/server/trpc/server-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requireUser("/admin/notifications");
  if (!hasRole(user.role, "admin")) notFound();
  const rows = await serverCaller(user).notifications.list({ take: 200 });
  return (
    <section>
      <h1 className="text-2xl font-semibold">Notifications</h1>
      <p className="mt-1 text-sm text-zinc-400">
        Outgoing webhooks (configured in <code>runlog.config.yaml</code> or <code>RUNLOG_NOTIFY</code>), newest first, with how their
        delivery went. Failed ones ran out of tries.
      </p>
      {rows.length === 0 ? (
        <p className="mt-4 text-zinc-400">None sent yet.</p>
      ) : (
        <div className="mt-4 overflow-x-auto" role="region" aria-label="Notifications, scrolls sideways" tabIndex={0}>
          <table aria-label="Notifications" className="w-full text-left text-sm">
            <thead className="text-zinc-400">
              <tr>
                <th className="py-1 pr-3">Queued (UTC)</th>
                <th className="pr-3">Event</th>
                <th className="pr-3">Incident</th>
                <th className="pr-3">Webhook</th>
                <th className="pr-3">Status</th>
                <th className="pr-3">Tries</th>
                <th>Last error</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <tr key={n.id} className="border-t border-zinc-800">
                  <td className="py-1 pr-3 text-xs">
                    <RelativeTime at={n.createdAt} />
                  </td>
                  <td className="pr-3">{n.eventType}</td>
                  <td className="pr-3">
                    <Link href={`/incidents/${n.incidentId}`} className="text-amber-300 hover:underline">
                      {n.incidentId}
                    </Link>
                  </td>
                  <td className="pr-3">
                    {n.target} ({n.format})
                  </td>
                  <td
                    className={`pr-3 ${n.status === "failed" ? "font-semibold text-red-300" : n.status === "delivered" ? "text-emerald-300" : "text-amber-300"}`}
                  >
                    {n.status}
                    {n.status === "delivered" && n.deliveredAt && (
                      <>
                        {" "}
                        <RelativeTime at={n.deliveredAt} />
                      </>
                    )}
                    {n.status === "pending" && (
                      <>
                        , next try <RelativeTime at={n.nextAt} />
                      </>
                    )}
                  </td>
                  <td className="pr-3">{n.attempts}</td>
                  <td className="text-xs text-zinc-400">{n.lastError ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
