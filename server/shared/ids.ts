import { z } from "zod";

/** Ids are random, URL-safe and short enough to read aloud on a bridge call. */
export const ZIncidentId = z.string().regex(/^inc_[a-z0-9]{10,32}$/, "Not an incident id.");
export const ZRunId = z.string().regex(/^run_[a-z0-9]{10,32}$/, "Not a run id.");
export const ZCommandId = z.string().min(1).max(300);
export const ZRunAllId = z.string().regex(/^ral_[a-z0-9]{10,32}$/, "Not a run-all id.");

/** A run named with its incident: what the run APIs take. */
export const ZIncidentRunRef = z.object({ incidentId: ZIncidentId, runId: ZRunId });
