"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_trpc/client";

export function StartIncidentButton({ runbookSlug }: { runbookSlug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(
    trpc.incidents.create.mutationOptions({ onSuccess: ({ id }) => router.push(`/incidents/${id}`) }),
  );
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
