"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { IncidentData } from "./use-live-incident";
import { variableReference } from "@/server/shared/runbook";

/** What command cards need from the incident around them: its variables (secrets masked) and approvals. */
export interface IncidentContextValue {
  incidentId: string;
  variables: IncidentData["variables"];
  approvals: IncidentData["approvals"];
  /** Per command or block id, the server's list of variables it needs and nothing sets. */
  missingVariables: IncidentData["missingVariables"];
  /** Per command or block with a target: where it runs for this incident, or why that is not known yet. */
  targets: IncidentData["targets"];
  /** Takes the person to the input for this variable (adding one when the runbook does not list it). */
  askForVariable: (name: string) => void;
  /** How a run's output checks came out, from the timeline (null: the command has none, or it did not finish). */
  checkOfRun: (runId: string) => CheckOutcome | null;
}

export interface CheckOutcome {
  passed: boolean;
  failed: string[];
}

const Ctx = createContext<IncidentContextValue | null>(null);

export function IncidentContextProvider({ value, children }: { value: IncidentContextValue; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useIncidentContext(): IncidentContextValue {
  const v = useContext(Ctx);
  if (!v) throw new Error("useIncidentContext outside an incident page");
  return v;
}

/** The command as it will run: `$NAME` and `${NAME}` of the incident's variables filled in (secrets stay masked). */
export function resolveVariables(text: string, variables: IncidentContextValue["variables"]): string {
  const byName = new Map(variables.map((v) => [v.name, v.value]));
  return text.replace(
    variableReference(),
    (whole, braced: string | undefined, bare: string | undefined) => byName.get((braced ?? bare)!) ?? whole,
  );
}
