import { createHash } from "node:crypto";
import type { Code } from "mdast";
import type { Diagnostic, Risk, RunbookCodeBlock, RunbookCommand, RunbookSection } from "../shared/runbook";
import type { DeclaredVariable } from "./markdown/metadata";
import { toChecks } from "./output-checks";
import { analyzeConsoleBlock, analyzeShellBlock, type BlockAnalysis, type ExpectLine } from "./shell/analyze-block";
import { riskRank, ZRisk } from "../shared/risk";
import { isSecretName } from "../shared/secret-names";

const SHELL = new Set(["bash", "sh", "shell", "zsh", "ksh"]);
const CONSOLE = new Set(["console", "shell-session", "sh-session", "terminal", "shellsession"]);
const PROMPTED = /^\s*\$\s/;

export interface BlockContext {
  riskOverrides: [string, Risk][];
  /** Front matter `timeout:`, for every command without its own annotation. */
  defaultTimeoutSeconds: number | null;
  /** Front matter `target:`, for every block without its own `{target=…}`. */
  defaultTarget: string | null;
  declared: Map<string, DeclaredVariable>;
  diagnostics: Diagnostic[];
  /** Ids of commands with a warning near them (comment, paragraph or annotation). */
  warned: Set<string>;
}

/** What the prose right above a block says: a WARNING paragraph covers the commands below it. */
export interface ProseWarning {
  warning: boolean;
  dataLoss: boolean;
}

/** The command ids a section has handed out, so identical commands in one section stay distinct. */
export type IdCounter = Map<string, number>;

export function toCodeBlock(node: Code, section: RunbookSection, above: ProseWarning, ids: IdCounter, ctx: BlockContext): RunbookCodeBlock {
  const { lang, annotation, timeoutSeconds, expects, target: ownTarget } = readInfoString(node);
  const target = ownTarget ?? ctx.defaultTarget;
  const blockId = nextId(ids, `block-${hash(node.value)}`, section.id);
  const fenceLine = node.position?.start.line ?? 1;
  // A fenced block's first code line is the one below its fence; an indented block has no fence.
  const firstCodeLine = isFenced(node) ? fenceLine + 1 : fenceLine;
  const source = node.value;

  if (lang === "promql")
    return { id: blockId, lang, line: fenceLine, kind: "promql", runnable: false, text: source, commands: [], notes: [] };
  const analysis = analyze(lang, source);
  if (!analysis) return { id: blockId, lang, line: fenceLine, kind: "other", runnable: false, text: source, commands: [], notes: [] };

  if (analysis.syntaxError) {
    ctx.diagnostics.push({
      severity: "error",
      line: firstCodeLine + analysis.syntaxError.lineOffset,
      rule: "unparseable-shell",
      message: `bash cannot parse this block: ${analysis.syntaxError.message}`,
    });
  }

  for (const stray of analysis.strayExpects ?? []) {
    ctx.diagnostics.push({
      severity: "warning",
      line: firstCodeLine + stray.lineOffset,
      rule: "stray-expect",
      message: `# ${stray.kind}: is not directly below a command: it checks nothing. Put it on the line under the command.`,
    });
  }
  const attributeChecks = expects.map((e) => ({ ...e, lineOffset: 0 }));
  if (attributeChecks.length && analysis.commands.length !== 1) {
    ctx.diagnostics.push({
      severity: "warning",
      line: fenceLine,
      rule: "stray-expect",
      message: `{expect…} on a block of ${analysis.commands.length} commands checks nothing: use # expect: lines under each command.`,
    });
  }

  const commands = analysis.commands.map((c): RunbookCommand => {
    let risk = c.risk;
    let riskRule = c.riskRule;
    let riskReason = c.riskReason;
    if (above.dataLoss && risk !== "destructive") {
      risk = "destructive";
      riskRule = "warning-paragraph";
      riskReason = "the WARNING above this block says it can lose data";
    }
    const override = annotation ?? frontMatterRisk(c.text, ctx.riskOverrides);
    if (override && riskRank(override.risk) >= riskRank(risk)) {
      risk = override.risk;
      riskRule = override.rule;
      riskReason = override.reason;
    } else if (override) {
      // A declaration may raise the risk, never lower it below what the command looks like.
      ctx.diagnostics.push({
        severity: "error",
        line: firstCodeLine + c.lineOffset,
        rule: "risk-downgrade",
        message: `${override.reason}, but it looks ${risk} (${riskReason}); Runlog guards it as ${risk}.`,
      });
      riskReason = `declared ${override.risk}, looks ${risk}: ${riskReason}`;
    }
    const id = nextId(ids, hash(c.text), section.id);
    if (c.warned || above.warning || annotation !== null) ctx.warned.add(id);
    return {
      id,
      section: section.path,
      line: firstCodeLine + c.lineOffset,
      text: c.text,
      description: c.description,
      lang: lang || "sh",
      risk,
      riskReason,
      riskRule,
      variables: c.variables.map((v) => ({ ...v, secret: ctx.declared.get(v.name)?.secret ?? isSecretName(v.name) })),
      placeholders: c.placeholders,
      sampleOutput: c.sampleOutput,
      timeoutSeconds: timeoutSeconds ?? ctx.defaultTimeoutSeconds,
      target,
      checks: [
        ...toChecks(c.checks, (offset) => firstCodeLine + offset, ctx.diagnostics),
        ...(analysis.commands.length === 1 ? toChecks(attributeChecks, () => fenceLine, ctx.diagnostics) : []),
      ],
    };
  });
  return {
    id: blockId,
    lang,
    line: fenceLine,
    kind: analysis.kind === "console" ? "console" : analysis.kind === "notes" ? "notes" : "shell",
    runnable: commands.length > 0,
    text: source,
    commands,
    notes: analysis.notes,
  };
}

/** Shell analysis for blocks that hold shell; null for anything else (yaml, json, sql, text...). */
function analyze(lang: string, source: string): BlockAnalysis | null {
  const firstLine = source.split("\n").find((l) => l.trim() && !l.trimStart().startsWith("#")) ?? "";
  if (CONSOLE.has(lang)) {
    if (source.split("\n").some((l) => PROMPTED.test(l))) return analyzeConsoleBlock(source);
    // No prompt at all: many runbooks label bare commands (or even PromQL) `console`. Treated
    // like an unlabeled block, so it is runnable only when it reads as shell.
    const bare = analyzeShellBlock(source, false);
    return bare.kind === "other" ? null : bare;
  }
  // Many runbooks paste transcripts into ```bash blocks: a leading `$ ` prompt makes it one.
  if ((SHELL.has(lang) || lang === "") && PROMPTED.test(firstLine)) return analyzeConsoleBlock(source);
  if (SHELL.has(lang)) return analyzeShellBlock(source, true);
  if (lang === "") {
    const unlabeled = analyzeShellBlock(source, false);
    return unlabeled.kind === "other" ? null : unlabeled;
  }
  return null;
}

/** `{key=value key2="value 2"}` attributes of an info string: only whole attributes count. */
function infoAttributes(info: string): Map<string, string> {
  const out = new Map<string, string>();
  const braces = /\{([^}]*)\}/.exec(info);
  if (!braces) return out;
  for (const m of braces[1]!.matchAll(/([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g)) {
    out.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

function readInfoString(node: Code): {
  lang: string;
  annotation: { risk: Risk; rule: string; reason: string } | null;
  timeoutSeconds: number | null;
  expects: Omit<ExpectLine, "lineOffset">[];
  target: string | null;
} {
  const info = `${node.lang ?? ""} ${node.meta ?? ""}`;
  const lang = (node.lang ?? "").toLowerCase().replace(/\{.*$/, "").trim();
  const attrs = infoAttributes(info);
  const declared = ZRisk.safeParse(attrs.get("risk"));
  const annotation = declared.success
    ? { risk: declared.data, rule: "annotation", reason: `the runbook marks this block {risk=${declared.data}}` }
    : null;
  const t = attrs.get("timeout");
  const expects = (["expect", "expect-not", "expect-exit"] as const).flatMap((kind) => {
    const value = attrs.get(kind);
    return value === undefined ? [] : [{ kind, value }];
  });
  return { lang, annotation, timeoutSeconds: t ? parseDurationSeconds(t) : null, expects, target: attrs.get("target")?.trim() || null };
}

/** `90`, `90s`, `15m`, `2h` -> seconds; null when unreadable or zero. */
export function parseDurationSeconds(text: string): number | null {
  const m = /^(\d+)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const seconds = m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "ms" ? Math.ceil(n / 1000) : n;
  return seconds > 0 ? seconds : null;
}

/** Ids unique within a section: the second identical command gets `-2`. */
function nextId(ids: IdCounter, key: string, sectionId: string): string {
  const n = (ids.get(key) ?? 0) + 1;
  ids.set(key, n);
  return `${sectionId}/${key}${n > 1 ? `-${n}` : ""}`;
}

function frontMatterRisk(text: string, overrides: [string, Risk][]): { risk: Risk; rule: string; reason: string } | null {
  const hit = overrides.find(([prefix]) => text.trim().startsWith(prefix.trim()));
  return hit ? { risk: hit[1], rule: "front-matter", reason: `the runbook's front matter marks "${hit[0]}" ${hit[1]}` } : null;
}

function isFenced(node: Code): boolean {
  // remark gives an indented code block no lang/meta and a start column past the indent; fenced
  // blocks are told apart by what the source line starts with, which the parser does not expose,
  // so the position's extent is used: a fenced block spans two lines more than its value.
  const start = node.position?.start.line ?? 0;
  const end = node.position?.end.line ?? 0;
  const valueLines = node.value === "" ? 0 : node.value.split("\n").length;
  return end - start + 1 > valueLines;
}

export function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}
