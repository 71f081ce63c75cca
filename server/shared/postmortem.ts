import { z } from "zod";

// The postmortem export: what happened in one incident, as tooling reads it. Times are UTC ISO
// strings; offsets are milliseconds from the incident's opening. Stable: fields are only added.
const ZIso = z.iso.datetime({ offset: false }).describe("UTC time, ISO 8601");
const ZMs = z.number().int().nonnegative();

export const ZPostmortem = z
  .object({
    schemaVersion: z.literal(1),
    generatedAt: ZIso,
    incident: z.object({
      id: z.string(),
      title: z.string(),
      runbook: z.object({ slug: z.string(), file: z.string(), title: z.string(), sha256: z.string() }),
      severity: z.string(),
      status: z.string(),
      openedAt: ZIso,
      openedBy: z.string(),
      mitigatedAt: ZIso.nullable(),
      resolvedAt: ZIso.nullable(),
      commander: z.string().nullable(),
    }),
    keyFigures: z.object({
      toFirstActionMs: ZMs.nullable(),
      toFirstCommandMs: ZMs.nullable(),
      toMitigatedMs: ZMs.nullable(),
      toResolvedMs: ZMs.nullable(),
      openForMs: ZMs,
    }),
    escalation: z
      .object({
        rule: z.string(),
        afterMinutes: z.number().int().positive(),
        deadline: ZIso,
        passed: z.boolean(),
        dueRecordedAt: ZIso.nullable(),
        escalations: z.array(z.object({ at: ZIso, by: z.string(), to: z.string() })),
      })
      .nullable(),
    statusHistory: z.array(z.object({ at: ZIso, by: z.string(), from: z.string(), to: z.string(), reason: z.string().nullable() })),
    severityHistory: z.array(z.object({ at: ZIso, by: z.string(), from: z.string(), to: z.string(), reason: z.string().nullable() })),
    participants: z.array(
      z.object({ name: z.string(), role: z.string().nullable(), firstAt: ZIso, lastAt: ZIso, events: z.number().int() }),
    ),
    timeline: z.array(
      z.object({
        seq: z.number().int(),
        at: ZIso,
        offsetMs: z.number().int(),
        actor: z.string(),
        type: z.string(),
        summary: z.string(),
        keyMoment: z.string().nullable(),
      }),
    ),
    commands: z.array(
      z.object({
        runId: z.string(),
        step: z.string(),
        by: z.string(),
        startedAt: ZIso,
        finishedAt: ZIso.nullable(),
        durationMs: ZMs.nullable(),
        text: z.string(),
        runbookText: z.string().nullable().describe("The runbook's command when the runner edited it"),
        target: z
          .object({ name: z.string(), where: z.string().describe("How it was reached, e.g. ssh deploy@db-1:22") })
          .nullable()
          .describe("The target it ran on; null: the Runlog server"),
        variables: z.array(z.object({ name: z.string(), value: z.string().describe("•••••• for secrets") })),
        status: z.string(),
        exitCode: z.number().int().nullable(),
        signal: z.string().nullable(),
        output: z.object({
          bytes: ZMs,
          lines: ZMs,
          head: z.array(z.string()),
          tail: z.array(z.string()),
          omittedLines: ZMs,
          capped: z.boolean().describe("The stored output lost its middle to the size cap"),
          fullOutput: z.string().describe("Where the whole stored output is"),
        }),
      }),
    ),
    notes: z.array(z.object({ at: ZIso, by: z.string(), text: z.string() })),
    steps: z.array(
      z.object({ title: z.string(), state: z.string(), by: z.string().nullable(), at: ZIso.nullable(), reason: z.string().nullable() }),
    ),
    checklist: z.array(
      z.object({ section: z.string(), text: z.string(), checked: z.boolean(), by: z.string().nullable(), at: ZIso.nullable() }),
    ),
    approvals: z.array(
      z.object({
        command: z.string(),
        requestedBy: z.string(),
        requestedAt: ZIso,
        decision: z.string().nullable(),
        decidedBy: z.string().nullable(),
        reason: z.string().nullable(),
        used: z.boolean(),
      }),
    ),
    alerts: z.array(
      z.object({
        alertname: z.string(),
        status: z.string(),
        labels: z.record(z.string(), z.string()),
        annotations: z.record(z.string(), z.string()),
        startsAt: ZIso,
        endsAt: ZIso.nullable(),
        generatorURL: z.string(),
        notifications: z.number().int(),
        lastNotificationAt: ZIso,
        via: z.string().describe("the token Alertmanager used"),
      }),
    ),
    runAlls: z.array(
      z.object({
        scope: z.string().describe("step: Run step; from-here: Run all from here"),
        from: z.string(),
        startedBy: z.string(),
        startedAt: ZIso,
        commands: z.number().int(),
        state: z.string(),
        /** Where it ended: "completed", or the command it stopped (or waits) at and why. */
        outcome: z.string(),
        history: z.array(z.object({ at: ZIso, by: z.string(), what: z.string() })),
      }),
    ),
    /** Where the runbook diff this incident suggests is fetched. */
    runbookSuggestions: z.string(),
    rootCauseAnalysis: z.array(z.object({ group: z.string().nullable(), item: z.string() })),
    chain: z.object({
      intact: z.boolean(),
      events: z.number().int(),
      headHash: z.string().nullable(),
      brokenAt: z.number().int().nullable(),
      /** The latest head also written outside the database (the data folder's chain-heads.log), which verify checks against. */
      anchoredHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    }),
  })
  .describe("Runlog postmortem export");

export type Postmortem = z.infer<typeof ZPostmortem>;
export const EXPORT_FORMATS = ["md", "json", "html"] as const;
export const ZExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ZExportFormat>;
