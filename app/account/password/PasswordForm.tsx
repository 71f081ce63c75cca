"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_lib/auth-client";

export function PasswordForm({ next }: { next: string }) {
  const router = useRouter();
  const [current, setCurrent] = useState("");
  const [fresh, setFresh] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (fresh.length < 12) return setError("Use at least 12 characters.");
    if (fresh === current) return setError("Choose a password different from the one you were given.");
    const { error } = await authClient.changePassword({ currentPassword: current, newPassword: fresh, revokeOtherSessions: true });
    if (error)
      return setError(
        error.status === 400 || error.status === 401
          ? (error.message ?? "The current password is wrong.")
          : "The password could not be changed.",
      );
    router.push(next);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-3" aria-label="Change password">
      <label className="block text-sm">
        Current password
        <input
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          className="mt-1 w-full rounded border border-zinc-700 bg-zinc-950 px-2 py-1"
        />
      </label>
      <label className="block text-sm">
        New password (12 characters or more)
        <input
          type="password"
          required
          autoComplete="new-password"
          value={fresh}
          onChange={(e) => setFresh(e.target.value)}
          className="mt-1 w-full rounded border border-zinc-700 bg-zinc-950 px-2 py-1"
        />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      )}
      <button type="submit" className="w-full rounded bg-amber-500 px-3 py-1.5 font-semibold text-zinc-950 hover:bg-amber-400">
        Save password
      </button>
    </form>
  );
}
