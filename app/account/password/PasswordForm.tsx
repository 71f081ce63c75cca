"use client";
import { Field, FormError } from "@/app/_components/forms/Field";
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
      <Field label="Current password" type="password" autoComplete="current-password" value={current} onChange={setCurrent} required />
      <Field
        label="New password (12 characters or more)"
        type="password"
        autoComplete="new-password"
        value={fresh}
        onChange={setFresh}
        required
      />
      <FormError error={error} />
      <button type="submit" className="w-full rounded bg-amber-500 px-3 py-1.5 font-semibold text-zinc-950 hover:bg-amber-400">
        Save password
      </button>
    </form>
  );
}
