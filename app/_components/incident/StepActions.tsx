"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import type { StepStatus } from "@/server/shared/step-progress";

/** Mark a step done, skip it with a reason, or reopen it: recorded on the timeline. */
export function StepActions({
  incidentId,
  stepId,
  title,
  status,
  onChanged,
}: {
  incidentId: string;
  stepId: string;
  title: string;
  status: StepStatus | undefined;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState("");
  const mark = useMutation(trpc.incidents.markStep.mutationOptions({ onSuccess: () => (setSkipping(false), setReason(""), onChanged()) }));
  const button = "rounded border border-zinc-700 px-1.5 py-0.5 text-xs text-zinc-300 hover:bg-zinc-800 disabled:opacity-50";
  if (status === "done" || status === "skipped") {
    return (
      <button
        type="button"
        className={button}
        disabled={mark.isPending}
        onClick={() => mark.mutate({ incidentId, stepId, state: "reopened" })}
      >
        Reopen
      </button>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-1">
      <button
        type="button"
        aria-label={`Mark ${title} done`}
        className={button}
        disabled={mark.isPending}
        onClick={() => mark.mutate({ incidentId, stepId, state: "done" })}
      >
        Done
      </button>
      {skipping ? (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            mark.mutate({ incidentId, stepId, state: "skipped", reason });
          }}
        >
          <input
            aria-label={`Why skip ${title}`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="why skip?"
            className="rounded border border-zinc-700 bg-zinc-950 px-1.5 py-0.5 text-xs"
          />
          <button type="submit" className={button} disabled={mark.isPending}>
            Skip step
          </button>
        </form>
      ) : (
        <button type="button" aria-label={`Skip ${title}`} className={button} onClick={() => setSkipping(true)}>
          Skip…
        </button>
      )}
      {mark.error && (
        <span role="alert" className="text-xs text-red-300">
          {mark.error.message}
        </span>
      )}
    </span>
  );
}
