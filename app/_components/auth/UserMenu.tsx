"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_lib/auth-client";
import { useCurrentUser } from "./CurrentUser";

export function UserMenu() {
  const user = useCurrentUser();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  return (
    <div className="ml-auto flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-sm" aria-label="Signed in">
      {user.role === "admin" && (
        <>
          <a href="/admin/users" className="text-zinc-400 hover:text-white">
            Accounts
          </a>
          <a href="/admin/notifications" className="text-zinc-400 hover:text-white">
            Notifications
          </a>
          <a href="/admin/targets" className="text-zinc-400 hover:text-white">
            Targets
          </a>
        </>
      )}
      <span className="max-w-[14rem] truncate text-zinc-300" title={user.email}>
        {user.email}
      </span>
      <span className="rounded border border-zinc-700 px-1.5 py-0.5 text-xs text-zinc-400">{user.role}</span>
      <button
        type="button"
        disabled={busy}
        className="text-zinc-400 hover:text-white"
        onClick={async () => {
          setBusy(true);
          await authClient.signOut();
          router.push("/sign-in");
          router.refresh();
        }}
      >
        Sign out
      </button>
    </div>
  );
}
