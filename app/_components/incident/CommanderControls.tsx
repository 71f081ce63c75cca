"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTRPC } from "@/app/_trpc/client";

/** Severity, the incident commander, and key moments: each one a timeline event. */
export function CommanderControls({
  incidentId,
  severity,
  lastSeq,
  onChanged,
}: {
  incidentId: string;
  severity: string;
  lastSeq: number;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const [sev, setSev] = useState(severity);
  const [commander, setCommander] = useState("");
  const [seq, setSeq] = useState(String(lastSeq));
  const [label, setLabel] = useState("");
  const opts = { onSuccess: onChanged };
  const changeSeverity = useMutation(trpc.incidents.changeSeverity.mutationOptions(opts));
  const assign = useMutation(trpc.incidents.assignCommander.mutationOptions({ onSuccess: () => (setCommander(""), onChanged()) }));
  const flag = useMutation(trpc.incidents.flagMoment.mutationOptions({ onSuccess: () => (setLabel(""), onChanged()) }));
  const error = changeSeverity.error ?? assign.error ?? flag.error;
  const submit = (f: () => void) => (e: FormEvent) => {
    e.preventDefault();
    f();
  };
  return (
    <section aria-label="Commander controls" className="space-y-2 rounded border border-zinc-800 bg-zinc-900 p-3 text-sm">
      <Row onSubmit={submit(() => changeSeverity.mutate({ incidentId, severity: sev }))} label="Severity" button="Set severity">
        <input
          aria-label="Severity"
          value={sev}
          onChange={(e) => setSev(e.target.value)}
          className="min-w-0 flex-1 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
        />
      </Row>
      <Row onSubmit={submit(() => assign.mutate({ incidentId, commander }))} label="Commander" button="Assign">
        <input
          aria-label="Commander"
          value={commander}
          onChange={(e) => setCommander(e.target.value)}
          placeholder="name"
          className="min-w-0 flex-1 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
        />
      </Row>
      <Row onSubmit={submit(() => flag.mutate({ incidentId, seq: Number(seq), label }))} label="Key moment" button="Flag">
        <input
          aria-label="Event number"
          type="number"
          min={0}
          max={lastSeq}
          value={seq}
          onChange={(e) => setSeq(e.target.value)}
          className="w-16 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
        />
        <input
          aria-label="Why it matters"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder="why it matters"
          className="min-w-0 flex-1 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5"
        />
      </Row>
      {error && (
        <p role="alert" className="text-xs text-red-300">
          {error.message}
        </p>
      )}
    </section>
  );
}

function Row({
  onSubmit,
  label,
  button,
  children,
}: {
  onSubmit: (e: FormEvent) => void;
  label: string;
  button: string;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
      <span className="w-24 text-zinc-400">{label}</span>
      {children}
      <button type="submit" className="rounded border border-zinc-600 px-2 py-0.5 hover:bg-zinc-800">
        {button}
      </button>
    </form>
  );
}
