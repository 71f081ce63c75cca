import { z } from "zod";

import { riskiest, ZRisk } from "./risk";

export { riskiest, ZRisk, type Risk } from "./risk";

export const ZDiagnostic = z.object({
  severity: z.enum(["error", "warning", "info"]),
  line: z.number().int().positive(),
  rule: z.string(),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof ZDiagnostic>;

export const ZCommandVariable = z.object({ name: z.string(), secret: z.boolean(), optional: z.boolean() });
export type CommandVariable = z.infer<typeof ZCommandVariable>;

export const ZPlaceholder = z.object({
  text: z.string(),
  kind: z.enum(["angle", "caps", "example-host", "example-path"]),
});
export type Placeholder = z.infer<typeof ZPlaceholder>;

/**
 * What a command's output should show, from `# expect: text`, `# expect: /regex/flags`,
 * `# expect-not: …` and `# expect-exit: N` lines under it (or `{expect="…"}` on its block).
 * Without any, exit 0 is success.
 */
export const ZOutputCheck = z.object({
  kind: z.enum(["contains", "matches", "not-contains", "not-matches", "exit"]),
  /** The text, the regular expression's source, or the exit code. */
  value: z.string(),
  /** Regular expression flags (`i`, `m`, `s`). */
  flags: z.string().default(""),
  /** 1-based line of the expect line (or of the block's fence for an attribute). */
  line: z.number().int().positive(),
});
export type OutputCheck = z.infer<typeof ZOutputCheck>;

/** How a check reads on the page: `expects: accepting connections`, `expects no: ERROR`, `expects exit 0`. */
export function describeCheck(c: OutputCheck): string {
  switch (c.kind) {
    case "contains":
      return `expects: ${c.value}`;
    case "matches":
      return `expects: /${c.value}/${c.flags}`;
    case "not-contains":
      return `expects no: ${c.value}`;
    case "not-matches":
      return `expects no: /${c.value}/${c.flags}`;
    case "exit":
      return `expects exit ${c.value}`;
  }
}

export const ZRunbookCommand = z.object({
  /** Stable across edits elsewhere in the file: section path slug + hash of the command text. */
  id: z.string().min(1),
  /** Titles from the top-level section down to the command's section. */
  section: z.array(z.string()),
  /** 1-based line of the command's first line in the Markdown file. */
  line: z.number().int().positive(),
  text: z.string().min(1),
  description: z.string(),
  lang: z.string(),
  risk: ZRisk,
  riskReason: z.string(),
  /** The rule that decided the risk (`find-delete`, `annotation`...), null when none fired. */
  riskRule: z.string().nullable(),
  variables: z.array(ZCommandVariable),
  placeholders: z.array(ZPlaceholder),
  /** Output shown with the command in the runbook (console transcripts): never run. */
  sampleOutput: z.string().nullable(),
  /** From a `{timeout=90s}` block annotation or front matter `timeout:`; null: the server default. */
  timeoutSeconds: z.number().int().positive().nullable(),
  checks: z.array(ZOutputCheck).default([]),
  /**
   * Where it runs: a target's name or a pattern filled from incident variables (`${INSTANCE}`),
   * from front matter `target:` or a `{target=…}` block attribute; null: the Runlog server.
   */
  target: z.string().nullable().default(null),
});
export type RunbookCommand = z.infer<typeof ZRunbookCommand>;

export const ZRunbookCodeBlock = z.object({
  /** Stable like command ids: section path + hash of the block's text. "Run block" sends it. */
  id: z.string().min(1),
  lang: z.string(),
  line: z.number().int().positive(),
  /** shell/console: runnable; promql: a Prometheus query; notes: comments only; other: shown as is. */
  kind: z.enum(["shell", "console", "promql", "notes", "other"]),
  runnable: z.boolean(),
  text: z.string(),
  commands: z.array(ZRunbookCommand),
  notes: z.array(z.string()),
});
export type RunbookCodeBlock = z.infer<typeof ZRunbookCodeBlock>;

export const ZChecklistItem = z.object({ id: z.string(), html: z.string(), text: z.string(), line: z.number().int().positive() });
export type ChecklistItem = z.infer<typeof ZChecklistItem>;

/** What a section shows, in source order. Prose is sanitized HTML; links open in a new tab. */
export const ZSectionItem = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("prose"), html: z.string(), text: z.string(), line: z.number().int().positive() }),
  z.object({ kind: z.literal("code"), block: ZRunbookCodeBlock }),
  z.object({ kind: z.literal("checklist"), items: z.array(ZChecklistItem) }),
]);
export type SectionItem = z.infer<typeof ZSectionItem>;

export const ZRunbookSection = z.object({
  id: z.string().min(1),
  title: z.string(),
  depth: z.number().int().min(1).max(6),
  path: z.array(z.string()),
  line: z.number().int().positive(),
  content: z.array(ZSectionItem),
});
export type RunbookSection = z.infer<typeof ZRunbookSection>;

/** Where an alert's value for a variable comes from: `labels.instance` with an optional pattern taking a part. */
export const ZAlertSource = z.object({ source: z.enum(["labels", "annotations"]), key: z.string(), pattern: z.string().nullable() });
export type AlertSource = z.infer<typeof ZAlertSource>;

export const ZRunbookVariable = z.object({
  name: z.string(),
  secret: z.boolean(),
  optional: z.boolean(),
  usedBy: z.array(z.string()),
  description: z.string().nullable(),
  default: z.string().nullable(),
  from: ZAlertSource.nullable().default(null),
});
export type RunbookVariable = z.infer<typeof ZRunbookVariable>;

export const ZRunbookMeta = z.object({
  title: z.string(),
  alerts: z.array(z.string()),
  severity: z.string().nullable(),
  component: z.string().nullable(),
  team: z.string().nullable(),
  /** Front matter `approval`: destructive commands always / never need a commander's approval; null follows the configuration. */
  approval: z.enum(["always", "never"]).nullable().default(null),
  /** Front matter `group: true`: one incident per Alertmanager group, not per firing alert. */
  group: z.boolean().default(false),
});
export type RunbookMeta = z.infer<typeof ZRunbookMeta>;

/** When to escalate, counted from the incident's start: front matter `escalateAfter`, or the
 * Escalation section's "within 2 hours" sentence. */
export const ZEscalationRule = z.object({
  afterMinutes: z.number().int().positive(),
  /** What the runbook says, to show with the countdown. */
  text: z.string(),
  line: z.number().int().positive(),
});
export type EscalationRule = z.infer<typeof ZEscalationRule>;

export const ZRunbook = z.object({
  meta: ZRunbookMeta,
  escalation: ZEscalationRule.nullable(),
  sections: z.array(ZRunbookSection),
  variables: z.array(ZRunbookVariable),
  diagnostics: z.array(ZDiagnostic),
});
export type Runbook = z.infer<typeof ZRunbook>;

/** A runbook file name without `.md`: also the URL segment, so kept to a safe alphabet. */
export const ZRunbookSlug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "A runbook slug is letters, digits, '.', '_' or '-'.");

export function codeBlocks(section: RunbookSection): RunbookCodeBlock[] {
  return section.content.flatMap((item) => (item.kind === "code" ? [item.block] : []));
}

export function sectionCommands(section: RunbookSection): RunbookCommand[] {
  return codeBlocks(section).flatMap((b) => b.commands);
}

/** The commands Run step and Run all run: those of shell and console blocks (not PromQL, notes or other text). */
export function shellCommands(section: RunbookSection): RunbookCommand[] {
  return codeBlocks(section)
    .filter((b) => b.runnable && (b.kind === "shell" || b.kind === "console"))
    .flatMap((b) => b.commands);
}

export function allCommands(runbook: Pick<Runbook, "sections">): RunbookCommand[] {
  return runbook.sections.flatMap(sectionCommands);
}

/** What a run executes: one command, or a whole block as one script. */
export interface Runnable {
  id: string;
  kind: "command" | "block";
  text: string;
  section: string[];
  timeoutSeconds: number | null;
  /** The riskiest of its commands. */
  risk: RunbookCommand["risk"];
  /** Where it runs (a block's commands share their block's target); null: the Runlog server. */
  target: string | null;
}

export function findRunnable(sections: RunbookSection[], id: string): Runnable | null {
  for (const section of sections) {
    for (const block of codeBlocks(section)) {
      if (block.id === id && block.commands.length > 0) {
        const timeouts = block.commands.map((c) => c.timeoutSeconds).filter((t): t is number => t !== null);
        return {
          id,
          kind: "block",
          text: block.commands.map((c) => c.text).join("\n"),
          section: section.path,
          timeoutSeconds: timeouts.length ? Math.max(...timeouts) : null,
          risk: riskiest(block.commands.map((c) => c.risk)),
          target: block.commands[0]!.target,
        };
      }
      const c = block.commands.find((x) => x.id === id);
      if (c)
        return {
          id,
          kind: "command",
          text: c.text,
          section: section.path,
          timeoutSeconds: c.timeoutSeconds,
          risk: c.risk,
          target: c.target,
        };
    }
  }
  return null;
}

/** `$NAME` and `${NAME}` in a text (a new pattern each call: it is global, so it keeps state). */
export function variableReference(): RegExp {
  return /\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g;
}
