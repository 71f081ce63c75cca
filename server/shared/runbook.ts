import { z } from "zod";

/** Languages whose fenced blocks hold shell commands a responder may run. */
export const SHELL_LANGUAGES = ["bash", "sh", "shell", "zsh", "console"] as const;

export const ZRunbookCommand = z.object({
  /** Stable across edits elsewhere in the file: section path slug + hash of the command text. */
  id: z.string().min(1),
  text: z.string().min(1),
  description: z.string(),
  language: z.string(),
  /** 1-based line of the command's first line in the Markdown file. */
  line: z.number().int().positive(),
});
export type RunbookCommand = z.infer<typeof ZRunbookCommand>;

export const ZRunbookCodeBlock = z.object({
  language: z.string(),
  line: z.number().int().positive(),
  runnable: z.boolean(),
  text: z.string(),
  commands: z.array(ZRunbookCommand),
});
export type RunbookCodeBlock = z.infer<typeof ZRunbookCodeBlock>;

/** What a section shows, in source order: prose lines (list items keep their marker) and code. */
export const ZSectionItem = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("prose"), text: z.string() }),
  z.object({ kind: z.literal("code"), block: ZRunbookCodeBlock }),
]);
export type SectionItem = z.infer<typeof ZSectionItem>;

export const ZRunbookSection = z.object({
  id: z.string().min(1),
  title: z.string(),
  depth: z.number().int().min(1).max(6),
  /** Titles from the top-level section down to this one. */
  path: z.array(z.string()),
  line: z.number().int().positive(),
  content: z.array(ZSectionItem),
});
export type RunbookSection = z.infer<typeof ZRunbookSection>;

export const ZRunbookMeta = z.object({
  title: z.string(),
  alerts: z.array(z.string()),
  severity: z.string().nullable(),
  component: z.string().nullable(),
  team: z.string().nullable(),
});
export type RunbookMeta = z.infer<typeof ZRunbookMeta>;

export const ZRunbook = z.object({
  meta: ZRunbookMeta,
  sections: z.array(ZRunbookSection),
});
export type Runbook = z.infer<typeof ZRunbook>;

/** A runbook file name without `.md`: also the URL segment, so kept to a safe alphabet. */
export const ZRunbookSlug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "A runbook slug is letters, digits, '.', '_' or '-'.");

export function findCommand(
  sections: RunbookSection[],
  commandId: string,
): { command: RunbookCommand; section: RunbookSection } | null {
  for (const section of sections) {
    for (const block of codeBlocks(section)) {
      const command = block.commands.find((c) => c.id === commandId);
      if (command) return { command, section };
    }
  }
  return null;
}

export function codeBlocks(section: RunbookSection): RunbookCodeBlock[] {
  return section.content.flatMap((item) => (item.kind === "code" ? [item.block] : []));
}

export function sectionCommands(section: RunbookSection): RunbookCommand[] {
  return codeBlocks(section).flatMap((b) => b.commands);
}
