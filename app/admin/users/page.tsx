import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasRole } from "@/server/shared/roles";
import { requireUser, serverCaller } from "@/server/trpc/server-caller";
import { UsersTable } from "./UsersTable";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Accounts" };

export default async function UsersPage() {
  const user = await requireUser("/admin/users");
  // Not an admin: the page does not exist for them (the API refuses them too).
  if (!hasRole(user.role, "admin")) notFound();
  const users = await serverCaller(user).users.list();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Accounts</h1>
      <p className="mt-1 text-sm text-zinc-400">
        New accounts are made on the server: <code>npm run --silent runlog -- user add you@example.com --role responder</code>.
      </p>
      <UsersTable initial={users} me={user.email} />
    </section>
  );
}
