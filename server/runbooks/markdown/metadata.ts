import type { Heading, Root } from "mdast";
import { visit } from "unist-util-visit";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ZRisk, type AlertSource, type Diagnostic, type RunbookMeta } from "../../shared/runbook";
import { plainText } from "./plain-text";

const ZDeclaredVariable = z.object({
  description: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
  secret: z.boolean().optional(),
  /** Filled from the alert that opens the incident: `labels.namespace`, `annotations.summary`. */
  from: z
    .string()
    .regex(/^(labels|annotations)\.[A-Za-z_][A-Za-z0-9_]*$/, "from is labels.<name> or annotations.<name>")
    .optional(),
  /** A regular expression taking a part of that value: its first group, else the whole match. */
  pattern: z
    .string()
    .max(500)
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, "pattern is not a valid regular expression")
    .optional(),
});

// Front matter Runlog reads. Unknown keys (Hugo's weight, tags...) are ignored.
const ZFrontMatter = z.object({
  title: z.union([z.string(), z.number()]).transform(String).optional(),
  alerts: z.union([z.string(), z.array(z.union([z.string(), z.number()]).transform(String))]).optional(),
  alert: z.string().optional(),
  severity: z.union([z.string(), z.number()]).transform(String).optional(),
  component: z.string().optional(),
  team: z.string().optional(),
  variables: z
    .union([
      z.record(z.string().regex(/^[A-Za-z_]\w*$/), ZDeclaredVariable.nullable()),
      z.array(ZDeclaredVariable.extend({ name: z.string().regex(/^[A-Za-z_]\w*$/) })),
    ])
    .optional(),
  /** Escalate when the incident is this old: `2h`, `90m`. */
  escalateAfter: z.union([z.string(), z.number()]).transform(String).optional(),
  /** Default per-command timeout: `90s`, `15m`, `2h` or seconds. */
  timeout: z.union([z.string(), z.number()]).transform(String).optional(),
  /** Where the runbook's commands run (a target, or a pattern of incident variables). */
  target: z.string().optional(),
  /** Command text (or its start) -> risk, overriding the parser's classification. */
  risk: z.record(z.string(), ZRisk).optional(),
  /** Whether destructive commands need a commander's approval, whatever the severity. */
  approval: z.enum(["always", "never"]).optional(),
  /** One incident per Alertmanager group instead of one per firing alert. */
  group: z.boolean().optional(),
});

export interface DeclaredVariable {
  name: string;
  description: string | null;
  default: string | null;
  secret: boolean | null;
  from: AlertSource | null;
}

export interface Metadata {
  meta: RunbookMeta;
  declaredVariables: DeclaredVariable[];
  riskOverrides: [string, z.infer<typeof ZRisk>][];
  timeout: string | null;
  escalateAfter: string | null;
  target: string | null;
}

export function readMetadata(tree: Root, diagnostics: Diagnostic[]): Metadata {
  const front = readFrontMatter(tree, diagnostics);
  const bold = readBoldFields(tree);
  const h1 = firstTitleHeading(tree);
  const h1Title = h1
    ? plainText(h1)
        .replace(/^runbook:\s*/i, "")
        .trim()
    : "";
  const title = front.title?.trim() || h1Title || "Untitled runbook";
  if (!front.title && !h1Title)
    diagnostics.push({
      severity: "warning",
      line: 1,
      rule: "no-title",
      message: "No title: add a `# Title` heading or front matter `title`.",
    });
  const alertsRaw = front.alerts ?? front.alert ?? bold.get("alert name") ?? bold.get("alerts") ?? bold.get("alert");
  const declared: DeclaredVariable[] = Array.isArray(front.variables)
    ? front.variables.map((v) => ({
        name: v.name,
        description: v.description ?? null,
        default: v.default ?? null,
        secret: v.secret ?? null,
        from: alertSource(v),
      }))
    : Object.entries(front.variables ?? {}).map(([name, v]) => ({
        name,
        description: v?.description ?? null,
        default: v?.default ?? null,
        secret: v?.secret ?? null,
        from: v ? alertSource(v) : null,
      }));
  return {
    meta: {
      title,
      alerts: toAlertList(alertsRaw),
      severity: front.severity ?? bold.get("severity") ?? null,
      component: front.component ?? bold.get("component") ?? null,
      team: front.team ?? bold.get("team") ?? null,
      approval: front.approval ?? null,
      group: front.group ?? false,
    },
    declaredVariables: declared,
    riskOverrides: Object.entries(front.risk ?? {}),
    timeout: front.timeout ?? null,
    target: front.target?.trim() || null,
    escalateAfter: front.escalateAfter ?? null,
  };
}

function alertSource(v: z.infer<typeof ZDeclaredVariable>): AlertSource | null {
  if (!v.from) return null;
  const [source, key] = v.from.split(".") as ["labels" | "annotations", string];
  return { source, key, pattern: v.pattern ?? null };
}

/** The document's title heading: an H1 that comes before any other heading. */
export function firstTitleHeading(tree: Root): Heading | undefined {
  const first = tree.children.find((n): n is Heading => n.type === "heading");
  return first?.depth === 1 ? first : undefined;
}

function readFrontMatter(tree: Root, diagnostics: Diagnostic[]): z.infer<typeof ZFrontMatter> {
  const node = tree.children[0];
  if (node?.type !== "yaml") return {};
  let data: unknown;
  try {
    data = parseYaml(node.value);
  } catch (err) {
    diagnostics.push({
      severity: "error",
      line: 1,
      rule: "front-matter",
      message: `Front matter is not valid YAML: ${(err as Error).message.split("\n")[0]}`,
    });
    return {};
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  const parsed = ZFrontMatter.safeParse(data);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    diagnostics.push({
      severity: "warning",
      line: 1,
      rule: "front-matter",
      message: `Front matter ${issue.path.join(".")}: ${issue.message} (ignored)`,
    });
  }
  // Keep the fields that are valid on their own.
  const partial: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const one = ZFrontMatter.safeParse({ [k]: v });
    if (one.success) Object.assign(partial, one.data);
    // One bad variable must not take the others (a `secret: true` among them) with it.
    else if (k === "variables" && v && typeof v === "object" && !Array.isArray(v)) {
      const kept = Object.entries(v).filter(([name, decl]) => ZFrontMatter.safeParse({ variables: { [name]: decl } }).success);
      Object.assign(partial, ZFrontMatter.parse({ variables: Object.fromEntries(kept) }));
    }
  }
  return partial as z.infer<typeof ZFrontMatter>;
}

/** `**Key:** value` lines, as the seed runbook writes its metadata. Backticks are kept. */
function readBoldFields(tree: Root): Map<string, string> {
  const fields = new Map<string, string>();
  visit(tree, "paragraph", (para) => {
    const kids = para.children;
    for (let i = 0; i < kids.length; i++) {
      const strong = kids[i]!;
      if (strong.type !== "strong") continue;
      const key = plainText(strong).trim();
      if (!key.endsWith(":")) continue;
      let value = "";
      for (let j = i + 1; j < kids.length && kids[j]!.type !== "strong"; j++) {
        const kid = kids[j]!;
        value += kid.type === "inlineCode" ? `\`${kid.value}\`` : plainText(kid);
      }
      const firstLine = value.split("\n")[0]!.trim();
      const name = key.slice(0, -1).trim().toLowerCase();
      if (firstLine && !fields.has(name)) fields.set(name, firstLine);
    }
  });
  return fields;
}

function toAlertList(raw: unknown): string[] {
  if (Array.isArray(raw))
    return raw
      .map(String)
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof raw !== "string") return [];
  const backticked = [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
  if (backticked.length > 0) return backticked;
  return raw
    .split(/[/,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
