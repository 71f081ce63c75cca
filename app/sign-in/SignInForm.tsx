"use client";
import { Field, FormError } from "@/app/_components/forms/Field";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { authClient } from "@/app/_lib/auth-client";

export function SignInForm({ next, sso }: { next: string; sso: boolean }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Until React runs, a click would do nothing (SSO) or submit the form natively (the password in the URL).
  const hydrated = useSyncExternalStore(
    () => () => undefined,
    () => true,
    () => false,
  );

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const { error } = await authClient.signIn.email({ email, password });
    setBusy(false);
    if (error) {
      setError(
        error.status === 401
          ? "Wrong email or password."
          : error.status === 429 && !error.message?.includes("account")
            ? "Too many sign-in attempts from this address. Wait a minute, then try again."
            : (error.message ?? "Sign-in failed."),
      );
      return;
    }
    router.push(next);
    router.refresh();
  }

  async function signInWithSso() {
    const res = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "oidc", callbackURL: next }),
    });
    const body = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
    if (body.url) window.location.href = body.url;
    else if (res.status === 429) setError("Too many sign-in attempts from this address. Wait a minute, then try again.");
    else setError(body.message ?? "Single sign-on is not available.");
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-3" aria-label="Sign in">
      <Field label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} required />
      <Field label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} required />
      <FormError error={error} />
      <button
        type="submit"
        disabled={busy || !hydrated}
        className="w-full rounded bg-amber-500 px-3 py-1.5 font-semibold text-zinc-950 hover:bg-amber-400 disabled:opacity-50"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {sso && (
        <button
          type="button"
          disabled={!hydrated}
          onClick={() => void signInWithSso()}
          className="w-full rounded border border-zinc-700 px-3 py-1.5 hover:border-zinc-500 disabled:opacity-50"
        >
          Sign in with single sign-on
        </button>
      )}
    </form>
  );
}
