"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCan } from "@/app/_components/auth/CurrentUser";
import { useTRPC } from "@/app/_trpc/client";

export function StartIncidentButton({ runbookSlug }: { runbookSlug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const canOpen = useCan("responder");
  const create = useMutation(trpc.incidents.create.mutationOptions({ onSuccess: ({ id }) => router.push(`/incidents/${id}`) }));
  if (!canOpen) return <p className="text-sm text-zinc-400">Viewers follow incidents; a responder opens them.</p>;
  return (
    <div>
      <button
        type="button"
        onClick={() => create.mutate({ runbookSlug })}
        disabled={create.isPending || create.isSuccess}
        className="rounded bg-red-600 px-4 py-2 font-semibold text-white hover:bg-red-500 disabled:opacity-60"
      >
        {create.isPending || create.isSuccess ? "Starting…" : "Start incident"}
      </button>
      {create.error && (
        <p role="alert" className="mt-2 text-sm text-red-300">
          {create.error.message}
        </p>
      )}
    </div>
  );
}
