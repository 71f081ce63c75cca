import type { PrismaClient, Target } from "../generated/prisma/client";
import { AppError } from "../errors";
import { hasRole, type Role } from "../shared/roles";
import { variableReference } from "../shared/runbook";
import { ZTargetName } from "./target-spec";
import { describeTarget } from "./transport";

/** Where a command will run, as everyone sees it before it runs and the timeline records it. */
export interface TargetView {
  name: string;
  where: string;
}

export interface ResolvedTarget extends TargetView {
  row: Target;
}

/**
 * The target a runbook's `target:` names for this incident: a pattern (`db-${SHARD}`) is filled
 * from the incident's variables, and whatever it gives must be a target an admin defined. A
 * variable that is unset, secret or not a target name refuses the run (nothing falls back to the
 * Runlog server).
 */
export async function resolveTarget(
  db: PrismaClient,
  pattern: string,
  variables: { name: string; value: string; secret: boolean }[],
): Promise<ResolvedTarget> {
  const name = pattern.replace(variableReference(), (_m, braced: string | undefined, bare: string | undefined) => {
    const ref = (braced ?? bare)!;
    const v = variables.find((x) => x.name === ref);
    if (v?.secret) throw new AppError("PRECONDITION_FAILED", `$${ref} is secret: a secret cannot name a target (${pattern}).`);
    if (!v || v.value === "")
      throw new AppError("PRECONDITION_FAILED", `This command runs on target ${pattern}: set $${ref} first (it names the target).`);
    return v.value;
  });
  if (!ZTargetName.safeParse(name).success)
    throw new AppError("PRECONDITION_FAILED", `${pattern} gives "${name}", which is not a target name: check the variables it uses.`);
  const row = await db.target.findUnique({ where: { name } });
  if (!row)
    throw new AppError(
      "PRECONDITION_FAILED",
      `This command runs on target ${name}, which no admin has defined (runlog target list shows them). Nothing was run.`,
    );
  return { name, where: describeTarget(row), row };
}

/** For the page: the target each runnable would run on now, or why it cannot be known yet. */
export async function targetViews(
  db: PrismaClient,
  runnables: { id: string; target: string | null }[],
  variables: { name: string; value: string; secret: boolean }[],
): Promise<Record<string, TargetView | { problem: string }>> {
  const out: Record<string, TargetView | { problem: string }> = {};
  // A runbook's commands mostly share a few targets: each pattern is looked up once per page.
  const byPattern = new Map<string, Promise<TargetView | { problem: string }>>();
  for (const r of runnables) {
    if (r.target === null) continue;
    let view = byPattern.get(r.target);
    if (!view) {
      view = resolveTarget(db, r.target, variables).then(
        ({ name, where }) => ({ name, where }),
        (err: Error) => ({ problem: err.message }),
      );
      byPattern.set(r.target, view);
    }
    out[r.id] = await view;
  }
  return out;
}

/** A target may ask for a higher role than responder: checked on the account as it is now, whoever starts the run (a person or their run-all). */
export async function checkTargetRole(db: PrismaClient, actor: string, target: ResolvedTarget): Promise<void> {
  const minRole = target.row.minRole as Role;
  if (minRole === "responder") return;
  const account = await db.user.findUnique({ where: { email: actor }, select: { role: true } });
  if (!hasRole(account?.role, minRole))
    throw new AppError(
      "FORBIDDEN",
      `Commands on ${target.name} need the ${minRole} role (${actor} is ${account?.role ?? "unknown"}). Nothing was run.`,
    );
}
