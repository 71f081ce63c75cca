import { createHash } from "node:crypto";
import { z } from "zod";

/** What an approved run depends on besides its text: any change voids the approval. */
export const ZApprovalBinding = z.object({
  /** The variables the command reads, as it would get them: secret values by hash, unset ones as null. */
  variables: z.record(z.string(), z.string().nullable()),
  /** The directory it would start in. */
  cwd: z.string(),
  /** Where it would run: the target (and how it is reached), null for the Runlog server. */
  target: z.string().nullable().default(null),
});
export type ApprovalBinding = z.infer<typeof ZApprovalBinding>;

export function bindingOf(opts: {
  reads: string[];
  env: Record<string, string>;
  secretNames: Set<string>;
  session: [string, string][];
  cwd: string;
  target: string | null;
}): ApprovalBinding {
  const session = new Map(opts.session);
  const variables: Record<string, string | null> = {};
  for (const name of [...new Set(opts.reads)].sort()) {
    const value = opts.env[name] ?? session.get(name);
    variables[name] =
      value === undefined
        ? null
        : opts.secretNames.has(name)
          ? `sha256:${createHash("sha256").update(value).digest("hex").slice(0, 16)}`
          : value;
  }
  return { variables, cwd: opts.cwd, target: opts.target };
}

/** What changed since the approval, in words; empty when nothing did. */
export function bindingChanges(approved: ApprovalBinding, now: ApprovalBinding): string[] {
  const out: string[] = [];
  const shown = (v: string | null | undefined) =>
    v === null || v === undefined ? "unset" : v.startsWith("sha256:") ? "a secret" : `"${v}"`;
  for (const name of new Set([...Object.keys(approved.variables), ...Object.keys(now.variables)])) {
    const [a, b] = [approved.variables[name], now.variables[name]];
    if (a !== b)
      out.push(
        a?.startsWith("sha256:") && b?.startsWith("sha256:") ? `$${name} (secret) changed` : `$${name} was ${shown(a)}, now ${shown(b)}`,
      );
  }
  if (approved.cwd !== now.cwd) out.push(`the working directory was ${approved.cwd}, now ${now.cwd}`);
  if (approved.target !== now.target)
    out.push(`it was to run on ${approved.target ?? "the Runlog server"}, now on ${now.target ?? "the Runlog server"}`);
  return out;
}
