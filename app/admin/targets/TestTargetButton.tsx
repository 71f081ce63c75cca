"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";

/** Connects to the target from the server (pinned host key), and says how it went. */
export function TestTargetButton({ name }: { name: string }) {
  const trpc = useTRPC();
  const test = useMutation(trpc.targets.test.mutationOptions());
  const result = test.data;
  return (
    <div className="space-y-1">
      <button
        type="button"
        disabled={test.isPending}
        onClick={() => test.mutate({ name })}
        className="rounded border border-zinc-700 px-2 py-0.5 text-xs hover:border-zinc-500 disabled:opacity-50"
      >
        {test.isPending ? "Testing…" : `Test ${name}`}
      </button>
      {result && (
        <p role="status" className={`text-xs ${result.ok ? "text-emerald-300" : "text-red-300"}`}>
          {result.ok ? `connected, ran true in ${Math.round(result.ms)} ms` : result.message}
        </p>
      )}
      {test.error && (
        <p role="alert" className="text-xs text-red-300">
          {test.error.message}
        </p>
      )}
    </div>
  );
}
