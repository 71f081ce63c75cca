import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasRole } from "@/server/shared/roles";
import { requireUser, serverCaller } from "@/server/trpc/server-caller";
import { TestTargetButton } from "./TestTargetButton";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Targets" };

export default async function TargetsPage() {
  const user = await requireUser("/admin/targets");
  if (!hasRole(user.role, "admin")) notFound();
  const targets = await serverCaller(user).targets.list();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Targets</h1>
      <p className="mt-1 text-sm text-zinc-400">
        Where runbook commands run besides the Runlog server: hosts over SSH (host key pinned when added), containers and pods. A runbook
        names them with <code>target:</code>. Add one on the server:{" "}
        <code>runlog target add db-1 --ssh deploy@db-1.internal --key-file key --fingerprint SHA256:…</code>
      </p>
      {targets.length === 0 ? (
        <p className="mt-4 text-zinc-400">No targets yet: every command runs on the Runlog server.</p>
      ) : (
        <div className="mt-4 overflow-x-auto" role="region" aria-label="Targets, scrolls sideways" tabIndex={0}>
          <table aria-label="Targets" className="w-full text-left text-sm">
            <thead className="text-zinc-400">
              <tr>
                <th className="py-1 pr-3">Name</th>
                <th className="pr-3">Reached by</th>
                <th className="pr-3">Pinned host key</th>
                <th className="pr-3">Credential</th>
                <th className="pr-3">Who may run</th>
                <th className="pr-3">Approval</th>
                <th>Connection</th>
              </tr>
            </thead>
            <tbody>
              {targets.map((t) => (
                <tr key={t.name} className="border-t border-zinc-800 align-top">
                  <td className="py-1 pr-3 font-medium">{t.name}</td>
                  <td className="pr-3 font-mono text-xs">{t.address}</td>
                  <td className="pr-3 font-mono text-xs break-all">{t.hostKeys.join(", ")}</td>
                  <td className="pr-3 text-xs">{t.credential}</td>
                  <td className="pr-3">{t.minRole} and up</td>
                  <td className="pr-3">{t.approval === "none" ? "none" : `commander for ${t.approval} commands`}</td>
                  <td>
                    <TestTargetButton name={t.name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
