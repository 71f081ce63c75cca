import { existsSync } from "node:fs";
import { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { parseContent } from "../runbooks/catalog";
import {
  allCommands,
  codeBlocks,
  findRunnable,
  type Runnable,
  type RunbookCommand,
  type RunbookSection,
  type RunbookVariable,
} from "../shared/runbook";
import { secretBox, type SecretBox } from "../secrets/secret-box";
import { runAccount, type RunAccount } from "../exec/run-account";
import { SecretMasker } from "../exec/secret-masker";
import { bindingOf, type ApprovalBinding } from "./approval-binding";
import { commandEnv } from "./command-env";
import { missingVariables, variablesRead, type MissingVariable, type VariableSources } from "./missing-variables";
import { guardFor, type Guard } from "./run-guard";
import { resolveTarget, type ResolvedTarget } from "../targets/resolve-target";

/** What a person asks to run: a command or block of the incident's runbook, or their edit of a command. */
export interface RunRequest {
  incidentId: string;
  commandId: string;
  editedText?: string;
}

const ZShellVars = z.array(z.tuple([z.string(), z.string()]));

/** The shell variables an incident's session holds (values masked, as saved for display). */
export function sessionVars(stored: string | null): [string, string][] {
  const parsed = ZShellVars.safeParse(JSON.parse(stored || "[]"));
  return parsed.success ? parsed.data : [];
}

export interface RunVariable {
  name: string;
  value: string;
  secret: boolean;
}

/**
 * Everything a run needs decided before it starts, read once per request: the incident, the
 * command as it will run, its guard, the variables it would get empty, and its environment.
 */
export interface RunPlan {
  incidentId: string;
  sections: RunbookSection[];
  runnable: Runnable;
  /** The text that runs: the runbook's, or the edit. */
  text: string;
  /** The runbook's text when an edit changed it. */
  originalText: string | null;
  /** The runbook's command being run (also under an edit); null for a block. */
  command: RunbookCommand | null;
  guard: Guard;
  /** Variables the command reads that nothing would set: the run is refused while there are any. */
  missing: MissingVariable[];
  variables: RunVariable[];
  env: Record<string, string>;
  shellState: string;
  shellCwd: string | null;
  box: SecretBox;
  /** The OS account the command runs as. */
  account: RunAccount;
  /** Where it starts: the session's directory, else the work folder. */
  cwd: string;
  /** What an approval of this run is bound to besides its text. */
  binding: ApprovalBinding;
  /** The target it runs on (resolved for this incident); null: the Runlog server. */
  target: ResolvedTarget | null;
}

interface StoredVariable {
  name: string;
  value: string;
  secret: boolean;
  emptyOnPurpose: boolean;
}

/** The variables a command gets: the incident's values over the runbook's front-matter defaults. */
export function runVariables(given: StoredVariable[], declared: RunbookVariable[], open: (sealed: string) => string): RunVariable[] {
  const set = given
    // An empty value nobody meant is no value: the command would run on an assumption.
    .filter((v) => v.value !== "" || v.emptyOnPurpose)
    .map((v) => ({ name: v.name, value: v.secret ? open(v.value) : v.value, secret: v.secret }));
  const defaults = declared
    .filter((d) => d.default !== null && !set.some((g) => g.name === d.name))
    .map((d) => ({ name: d.name, value: d.default!, secret: d.secret }));
  return [...defaults, ...set];
}

export function variableSources(env: Record<string, string>, storedShellVars: string | null): VariableSources {
  return { environment: Object.keys(env), session: sessionVars(storedShellVars).map(([name]) => name) };
}

/** For the page, before anyone clicks: each command's and block's variables that nothing would set. */
export async function missingByRunnable(sections: RunbookSection[], sources: VariableSources): Promise<Record<string, MissingVariable[]>> {
  const out: Record<string, MissingVariable[]> = {};
  for (const section of sections) {
    for (const block of codeBlocks(section)) {
      if (block.commands.length === 0) continue;
      for (const c of block.commands) out[c.id] = await missingFor(c.text, sources, c);
      out[block.id] = await missingFor(block.commands.map((c) => c.text).join("\n"), sources, null);
    }
  }
  return out;
}

/**
 * `command` is the runbook's command the text is (null for a block or an edit): its model reads
 * the block as a whole, so what it does not list as needed, an earlier command of the block sets.
 */
async function missingFor(text: string, sources: VariableSources, command: RunbookCommand | null): Promise<MissingVariable[]> {
  return missingVariables(await variablesRead(text), sources).map((name) => ({
    name,
    setEarlierInBlock: command !== null && !command.variables.some((v) => v.name === name),
  }));
}

/** The command's text as it is stored and shown: a secret pasted into an edit is masked like one in the output. */
export function shownText(plan: Pick<RunPlan, "text" | "variables">): string {
  return new SecretMasker(plan.variables.filter((v) => v.secret).map((v) => v.value)).maskText(plan.text);
}

export async function planRun(db: PrismaClient, cfg: Config, req: RunRequest): Promise<RunPlan> {
  const incident = await db.incident.findUnique({
    where: { id: req.incidentId },
    select: { id: true, runbookContent: true, severity: true, shellState: true, shellCwd: true, shellVars: true, variables: true },
  });
  if (!incident) throw new AppError("NOT_FOUND", `No incident ${req.incidentId}.`);
  const { runbook } = await parseContent(incident.runbookContent);
  const runnable = findRunnable(runbook.sections, req.commandId);
  if (!runnable) throw new AppError("NOT_FOUND", `This incident's runbook has no command ${req.commandId}. Reload the page.`);
  if (req.editedText !== undefined && runnable.kind !== "command")
    throw new AppError("BAD_REQUEST", "Only a single command can be edited before running.");
  const text = req.editedText ?? runnable.text;
  const edited = req.editedText !== undefined && req.editedText !== runnable.text;
  const box = secretBox(cfg);
  const variables = runVariables(incident.variables, runbook.variables, (v) => box.open(v));
  // A command meant for another machine runs there or not at all: never here instead.
  const target = runnable.target === null ? null : await resolveTarget(db, runnable.target, variables);
  // Refused here, before anything is recorded, when Runlog cannot run commands as their own account.
  const account = await runAccount(cfg.runAs);
  const env = commandEnv(variables, { passThrough: cfg.commandEnvPassThrough, account });
  const command = runnable.kind === "command" ? (allCommands(runbook).find((c) => c.id === runnable.id) ?? null) : null;
  const reads = await variablesRead(text);
  const missing = await missingFor(text, variableSources(env, incident.shellVars), edited ? null : command);
  // On a target the session's directory is the target's (restored there, in-band).
  const cwd = target ? (incident.shellCwd ?? "~") : incident.shellCwd && existsSync(incident.shellCwd) ? incident.shellCwd : cfg.workDir;
  const binding = bindingOf({
    reads: reads.map((r) => r.name),
    env,
    secretNames: new Set(variables.filter((v) => v.secret).map((v) => v.name)),
    session: sessionVars(incident.shellVars),
    cwd,
    target: target ? `${target.name} (${target.where})` : null,
  });
  return {
    incidentId: incident.id,
    sections: runbook.sections,
    runnable,
    text,
    originalText: edited ? runnable.text : null,
    command,
    guard: await guardFor(runnable, text, edited, runbook.meta, incident.severity, cfg, target?.row.approval ?? "none"),
    missing,
    variables,
    env,
    shellState: box.open(incident.shellState),
    shellCwd: incident.shellCwd,
    box,
    account,
    cwd,
    binding,
    target,
  };
}
