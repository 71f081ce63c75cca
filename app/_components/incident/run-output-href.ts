/** A run's whole output as text (app/incidents/[id]/runs/[runId]/output); `download`: as a file. */
export function runOutputHref(incidentId: string, runId: string, download = false): string {
  return `/incidents/${incidentId}/runs/${runId}/output${download ? "?download=1" : ""}`;
}
