"use client";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useCan } from "@/app/_components/auth/CurrentUser";
import { useTRPC } from "@/app/_trpc/client";
import type { RunbookVariable } from "@/server/shared/runbook";
import { isSecretName } from "@/server/shared/secret-names";
import type { IncidentData } from "./use-live-incident";

type SetVariable = IncidentData["variables"][number];

interface Props {
  incidentId: string;
  needed: RunbookVariable[];
  given: SetVariable[];
  /** Variables some command needs and nothing sets (the server's word). */
  missing: string[];
  /** The variable someone was just sent here to set: its input is focused. */
  asked: { name: string; at: number } | null;
  shell: { cwd: string | null; vars: [string, string][] };
  onChanged: () => void;
}

/**
 * The variables the runbook's commands need, with the values given for this incident (passed
 * to every command as environment variables), and the shell variables earlier commands left.
 */
export function IncidentVariables({ incidentId, needed, given, missing, asked, shell, onChanged }: Props) {
  const names = [
    ...new Set([
      ...needed.filter((v) => v.usedBy.length > 0).map((v) => v.name),
      ...given.map((g) => g.name),
      ...missing,
      ...(asked ? [asked.name] : []),
    ]),
  ];
  return (
    <section aria-label="Variables" className="rounded border border-zinc-800 bg-zinc-900 p-3 text-sm">
      <h2 className="font-semibold">Variables</h2>
      {names.length === 0 && <p className="mt-1 text-zinc-400">This runbook's commands need no variables.</p>}
      <ul className="mt-2 space-y-2">
        {names.map((name) => (
          <VariableRow
            key={name}
            incidentId={incidentId}
            name={name}
            spec={needed.find((v) => v.name === name)}
            given={given.find((g) => g.name === name)}
            missing={missing.includes(name)}
            askedAt={asked?.name === name ? asked.at : null}
            onChanged={onChanged}
          />
        ))}
      </ul>
      <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-zinc-400">Shell session</h3>
      <p className="mt-1 text-xs text-zinc-400">
        working directory <code className="text-zinc-300">{shell.cwd ?? "(the work folder)"}</code>
      </p>
      {shell.vars.length > 0 ? (
        <ul aria-label="Shell variables" className="mt-1 space-y-0.5 font-mono text-xs">
          {shell.vars.map(([k, v]) => (
            <li key={k} className="break-all">
              <span className="text-sky-300">{k}</span>=<span className="text-zinc-300">{v}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-xs text-zinc-400">No variables set by commands yet.</p>
      )}
    </section>
  );
}

function VariableRow({
  incidentId,
  name,
  spec,
  given,
  missing,
  askedAt,
  onChanged,
}: {
  incidentId: string;
  name: string;
  spec: RunbookVariable | undefined;
  given: SetVariable | undefined;
  missing: boolean;
  askedAt: number | null;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const canSet = useCan("responder");
  const secret = given?.secret || spec?.secret || isSecretName(name);
  const [value, setValue] = useState("");
  const [emptyOnPurpose, setEmptyOnPurpose] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (askedAt === null || !input.current) return;
    input.current.scrollIntoView({ block: "center" });
    input.current.focus();
  }, [askedAt]);
  const set = useMutation(
    trpc.incidents.setVariable.mutationOptions({
      onSuccess: () => {
        setValue("");
        setEmptyOnPurpose(false);
        onChanged();
      },
    }),
  );
  const shown = given ? (given.value === "" ? "(empty on purpose)" : given.value) : null;
  if (!canSet) {
    return (
      <li className="font-mono text-sm">
        <span className="text-sky-300">${name}</span>{" "}
        {shown !== null ? <span className="text-zinc-300">{shown}</span> : <span className="text-zinc-400">not set</span>}
      </li>
    );
  }
  return (
    <li>
      <form
        className="space-y-1"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate({ incidentId, name, value, secret, emptyOnPurpose: value === "" && emptyOnPurpose });
        }}
      >
        <div className="flex flex-wrap items-baseline gap-x-2">
          <label htmlFor={`var-${name}`} className="break-all font-mono text-sky-300">
            ${name}
          </label>
          {secret && <span className="text-xs text-zinc-400">secret</span>}
          <span className={`text-xs ${missing ? "font-semibold text-amber-300" : "text-zinc-400"}`}>
            {given
              ? `= ${shown} (set by ${given.setBy})`
              : spec?.default
                ? `default ${spec.default}`
                : missing
                  ? "not set: a command needs it"
                  : "not set"}
          </span>
        </div>
        {/* The value has a line of its own: sharing one with the name and its state left it a
            few characters wide in the side column. */}
        <div className="flex items-center gap-2">
          <input
            ref={input}
            id={`var-${name}`}
            type={secret ? "password" : "text"}
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={spec?.description ?? "value"}
            className="min-h-8 min-w-0 flex-1 rounded border border-zinc-700 bg-zinc-950 px-2 py-0.5 font-mono text-xs"
          />
          <button
            type="submit"
            disabled={set.isPending}
            aria-label={`Set ${name}`}
            className="min-h-8 shrink-0 rounded border border-sky-700 px-3 py-0.5 text-xs text-sky-200 hover:bg-sky-950 disabled:opacity-50"
          >
            Set
          </button>
        </div>
        {value === "" && !secret && (
          <label className="flex items-center gap-1 text-xs text-zinc-400">
            <input type="checkbox" checked={emptyOnPurpose} onChange={(e) => setEmptyOnPurpose(e.target.checked)} />
            empty on purpose
          </label>
        )}
      </form>
      {set.error && (
        <p role="alert" className="mt-1 text-xs text-red-300">
          {set.error.message}
        </p>
      )}
    </li>
  );
}
