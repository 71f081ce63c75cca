"use client";
import { Field, FormError } from "@/app/_components/forms/Field";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_lib/auth-client";
import { useTRPC } from "@/app/_trpc/client";

export function SetupForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.setup.createFirstAdmin.mutationOptions());

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (password.length < 12) return setError("Use at least 12 characters.");
    if (password !== again) return setError("The two passwords differ.");
    try {
      await create.mutateAsync({ token, email, name: name || undefined, password });
    } catch (err) {
      return setError((err as Error).message);
    }
    const signedIn = await authClient.signIn.email({ email, password });
    router.push(signedIn.error ? "/sign-in" : "/");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-3" aria-label="Create the first admin">
      <Field label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} required />
      <Field label="Name (optional)" autoComplete="name" value={name} onChange={setName} maxLength={100} />
      <Field
        label="Password (12 characters or more)"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        required
      />
      <Field label="The same password again" type="password" autoComplete="new-password" value={again} onChange={setAgain} required />
      <FormError error={error} />
      <button
        type="submit"
        disabled={create.isPending}
        className="min-h-11 w-full rounded bg-amber-500 px-3 py-2 font-semibold text-zinc-950 hover:bg-amber-400 disabled:opacity-60"
      >
        Create admin and sign in
      </button>
    </form>
  );
}
