import { createTwoFilesPatch } from "diff";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import { allCommands, codeBlocks, type RunbookCommand, type RunbookSection } from "../shared/runbook";
import { toEvent } from "../timeline/read-events";

/** A line to put into the runbook: after line `after` (1-based; 0 is before the first), or in place of lines `replace`. */
type Change = { kind: "insert"; after: number; lines: string[] } | { kind: "replace"; from: number; to: number; lines: string[] };

const day = (d: Date) => d.toISOString().slice(0, 10);
const oneLine = (s: string, max = 160) => {
  const line = s.split("\n").findLast((l) => l.trim() !== "") ?? "";
  return line.length > max ? `${line.slice(0, max)}…` : line;
};

/**
 * What the incident teaches its runbook, as a unified diff of `runbooks/<slug>.md` against the
 * text the incident ran from: edited commands replaced by what actually ran (with who and where),
 * failed output checks annotated with what the output said, skipped steps and commands noted in
 * the step's prose. `git apply` takes it on a checkout where that file is unchanged since.
 */
export async function suggestRunbookChanges(
  db: PrismaClient,
  incidentId: string,
): Promise<{ diff: string; changes: number; file: string }> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    select: { id: true, runbookSlug: true, runbookContent: true },
  });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${incidentId}.`);
  const [runs, rows] = await Promise.all([
    db.run.findMany({ where: { incidentId }, orderBy: { startedAt: "asc" } }),
    db.timelineEvent.findMany({ where: { incidentId }, orderBy: { seq: "asc" } }),
  ]);
  const events = rows.map(toEvent);
  const { runbook } = await parseContent(incident.runbookContent);
  const commands = new Map(allCommands(runbook).map((c) => [c.id, c]));
  const source = incident.runbookContent.split("\n");
  const indentOf = (line: number) => /^\s*(?:>\s*)*/.exec(source[line - 1] ?? "")![0];
  const where = `incident ${incident.id}`;
  const changes: Change[] = [];

  // Edited commands: the last edit that ran replaces the runbook's text.
  const lastEdit = new Map<string, (typeof runs)[number]>();
  for (const r of runs) if (r.originalText !== null && commands.has(r.commandId)) lastEdit.set(r.commandId, r);
  for (const [id, run] of lastEdit) {
    const c = commands.get(id)!;
    if (run.commandText === c.text) continue;
    const pad = indentOf(c.line);
    // A console block's command keeps its prompt.
    const promptPrefix = source[c.line - 1]!.slice(pad.length).startsWith("$ ") ? "$ " : "";
    changes.push({
      kind: "replace",
      from: c.line,
      to: c.line + c.text.split("\n").length - 1,
      lines: [
        `${pad}# Changed by ${run.startedBy} in ${where} (${day(run.startedAt)}): this is what ran.`,
        ...run.commandText.split("\n").map((l, i) => `${pad}${i === 0 ? promptPrefix : ""}${l}`),
      ],
    });
  }

  // Failed checks: what the output really said, under the expect line.
  const lastFailure = new Map<string, { evidence: string; at: Date; passedLater: boolean }>();
  for (const e of events) {
    if (e.type === "check.failed") lastFailure.set(e.payload.commandId, { evidence: e.payload.evidence, at: e.at, passedLater: false });
    if (e.type === "check.passed" && lastFailure.has(e.payload.commandId)) lastFailure.get(e.payload.commandId)!.passedLater = true;
  }
  for (const [id, f] of lastFailure) {
    const c = commands.get(id);
    if (!c || c.checks.length === 0) continue;
    const after = Math.max(...c.checks.map((k) => k.line));
    const inBlock = source[after - 1]!.trimStart().startsWith("#");
    const pad = indentOf(inBlock ? after : c.line);
    changes.push({
      kind: "insert",
      after: inBlock ? after : c.line + c.text.split("\n").length - 1,
      lines: [
        `${pad}# In ${where} (${day(f.at)}) this check failed${f.passedLater ? " (it passed later)" : ""}; the output said: ${oneLine(f.evidence)}`,
      ],
    });
  }

  // Skipped steps (a person's word) and commands a run-all skipped: a note in the step's prose.
  const notes = new Map<string, string[]>();
  const note = (stepId: string, text: string) => notes.set(stepId, [...(notes.get(stepId) ?? []), text]);
  for (const e of events) {
    if (e.type === "step.marked" && e.payload.state === "skipped")
      note(e.payload.stepId, `${e.actor} skipped this step in ${where} (${day(e.at)}): ${e.payload.reason ?? "no reason given"}`);
    if (e.type === "runall.skipped" && e.payload.commandId) {
      const step = stepOf(runbook.sections, e.payload.commandId);
      if (step)
        note(
          step.id,
          `${e.actor} skipped \`${oneLine(commands.get(e.payload.commandId)?.text ?? "")}\` in ${where} (${day(e.at)}): ${e.payload.reason}`,
        );
    }
  }
  for (const [stepId, texts] of notes) {
    const s = runbook.sections.find((x) => x.id === stepId);
    if (!s) continue;
    changes.push({ kind: "insert", after: s.line, lines: ["", ...texts.map((t) => `> **Note:** ${t}`)] });
  }

  const file = `runbooks/${incident.runbookSlug}.md`;
  const after = apply(source, changes).join("\n");
  if (changes.length === 0) return { diff: "", changes: 0, file };
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, incident.runbookContent, after, undefined, undefined, { context: 3 });
  // git's own header line; jsdiff's "=====" separator line is dropped.
  const body = patch.split("\n").filter((l) => !/^={10,}$/.test(l));
  return { diff: [`diff --git a/${file} b/${file}`, ...body].join("\n"), changes: changes.length, file };
}

function stepOf(sections: RunbookSection[], commandId: string): RunbookSection | undefined {
  return sections.find((s) => codeBlocks(s).some((b) => b.commands.some((c: RunbookCommand) => c.id === commandId)));
}

/** Applies the changes from the bottom up, so earlier line numbers stay right. */
function apply(source: string[], changes: Change[]): string[] {
  const out = [...source];
  const at = (c: Change) => (c.kind === "insert" ? c.after + 0.5 : c.from);
  for (const c of [...changes].sort((a, b) => at(b) - at(a))) {
    if (c.kind === "insert") out.splice(c.after, 0, ...c.lines);
    else out.splice(c.from - 1, c.to - c.from + 1, ...c.lines);
  }
  return out;
}
