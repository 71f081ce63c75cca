"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useCan, useCurrentUser } from "@/app/_components/auth/CurrentUser";
import { useTRPC } from "@/app/_trpc/client";
import { resolveVariables, useIncidentContext } from "./incident-context";

/** Destructive commands waiting for a commander: approve, or refuse with a reason. Never one's own. */
export function ApprovalsPanel({ onChanged }: { onChanged: () => void }) {
  const { approvals, variables } = useIncidentContext();
  const pending = approvals.filter((a) => !a.decision);
  if (pending.length === 0) return null;
  return (
    <section aria-label="Approvals waiting" className="rounded-lg border border-red-800 bg-red-950/30 p-4">
      <h2 className="font-semibold text-red-200">Waiting for approval</h2>
      <ul className="mt-2 space-y-3">
        {pending.map((a) => (
          <PendingApproval key={a.id} approval={a} text={resolveVariables(a.text, variables)} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

function PendingApproval({
  approval,
  text,
  onChanged,
}: {
  approval: { id: string; requestedBy: string };
  text: string;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const canDecide = useCan("commander") && me?.email !== approval.requestedBy;
  const [reason, setReason] = useState("");
  const decide = useMutation(trpc.runs.decideApproval.mutationOptions({ onSuccess: onChanged }));
  return (
    <li aria-label={`Approval for ${text.split("\n")[0]}`} className="text-sm">
      <p className="text-zinc-400">{approval.requestedBy} asks to run:</p>
      <pre className="whitespace-pre-wrap break-all rounded bg-zinc-950 p-2 font-mono text-xs text-emerald-200">{text}</pre>
      {canDecide ? (
        <div className="mt-1 flex flex-wrap gap-2">
          <button
            type="button"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ approvalId: approval.id, approve: true })}
            className="rounded bg-emerald-600 px-2 py-0.5 font-semibold text-zinc-950 hover:bg-emerald-500"
          >
            Approve
          </button>
          <input
            aria-label="Reason to refuse"
            placeholder="why not"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
          />
          <button
            type="button"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ approvalId: approval.id, approve: false, reason })}
            className="rounded border border-red-700 px-2 py-0.5 text-red-300 hover:bg-red-950"
          >
            Refuse
          </button>
        </div>
      ) : (
        <p className="text-xs text-zinc-400">
          {me?.email === approval.requestedBy ? "Another commander must decide (four eyes)." : "A commander decides."}
        </p>
      )}
      {decide.error && (
        <p role="alert" className="text-red-300">
          {decide.error.message}
        </p>
      )}
    </li>
  );
}
