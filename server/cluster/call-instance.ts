import { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import { CLUSTER_AUTH_HEADER, signClusterCall } from "./cluster-auth";
import type { RunOwner } from "./run-owner";

/** Where one instance asks another to act on a run it holds: `POST <prefix><call>`. */
export const CLUSTER_CALL_PREFIX = "/api/cluster/";

// A peer that does not answer within this long is reported, not waited for.
const CALL_TIMEOUT_MS = 10_000;

const ZCallAnswer = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(["NOT_FOUND", "BAD_REQUEST", "CONFLICT", "PRECONDITION_FAILED", "FORBIDDEN"]),
    message: z.string(),
  }),
]);

/** What is signed for a call: its path and its exact body. */
export function callSigningText(path: string, body: string): string {
  return `POST ${path}\n${body}`;
}

/**
 * Calls `call` on the instance that owns a run and returns its result. The caller has already
 * checked who may do this; the owner checks that the call comes from an instance of the cluster.
 */
export async function callInstance(cfg: Config, owner: RunOwner, call: string, input: unknown): Promise<unknown> {
  if (!cfg.clusterSecret)
    throw new AppError(
      "PRECONDITION_FAILED",
      `This command runs on instance ${owner.instanceId}, which this instance cannot ask: set the same RUNLOG_CLUSTER_SECRET on every instance.`,
    );
  const path = `${CLUSTER_CALL_PREFIX}${call}`;
  const body = JSON.stringify(input);
  let res: Response;
  try {
    res = await fetch(new URL(path, owner.address), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [CLUSTER_AUTH_HEADER]: signClusterCall(cfg.clusterSecret, cfg.instanceId, callSigningText(path, body)),
      },
      body,
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (err) {
    throw new AppError(
      "CONFLICT",
      `Instance ${owner.instanceId}, which runs this command, did not answer (${(err as Error).message}). Try again.`,
    );
  }
  const answer = ZCallAnswer.safeParse(await res.json().catch(() => null));
  if (!answer.success)
    throw new AppError("CONFLICT", `Instance ${owner.instanceId}, which runs this command, answered HTTP ${res.status}.`);
  if (!answer.data.ok) throw new AppError(answer.data.code, answer.data.message);
  return answer.data.result;
}
