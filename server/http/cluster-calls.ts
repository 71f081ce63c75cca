import type http from "node:http";
import type { z } from "zod";
import type { Config } from "../config";
import { AppError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { CLUSTER_AUTH_HEADER, verifyClusterCall } from "../cluster/cluster-auth";
import { callSigningText, CLUSTER_CALL_PREFIX } from "../cluster/call-instance";
import { localRunOutput } from "../runs/run-output";
import { stopLocalRun, ZStopRunCall } from "../runs/stop-run";
import { ZIncidentRunRef } from "../shared/ids";
import { parseJsonOrNull } from "../shared/json";
import { readBody } from "./body-limit";

// Calls carry ids and a name: a few hundred bytes.
const CALL_BODY_MAX = 16 * 1024;

type Call = { input: z.ZodType; run: (db: PrismaClient, cfg: Config, input: never) => unknown };

/** What one instance may ask another to do with a run whose pty the other holds. */
const CALLS: Record<string, Call> = {
  "stop-run": { input: ZStopRunCall, run: (_db, cfg, input: z.infer<typeof ZStopRunCall>) => stopLocalRun(cfg, input) },
  "run-output": { input: ZIncidentRunRef, run: (db, _cfg, input: z.infer<typeof ZIncidentRunRef>) => localRunOutput(db, input) },
};

const reply = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

/**
 * `POST /api/cluster/<call>` from another instance of the cluster, signed with the cluster
 * secret (checked before anything else is read). The calling instance has already checked the
 * person's role; the answer is `{ ok, result }` or `{ ok: false, code, message }`.
 */
export function clusterCalls(db: () => PrismaClient, cfg: Config) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? "").split("?")[0]!;
    const call = CALLS[path.slice(CLUSTER_CALL_PREFIX.length)];
    if (req.method !== "POST" || !call) return reply(res, 404, { ok: false, code: "NOT_FOUND", message: "No such cluster call." });
    const body = await readBody(req, CALL_BODY_MAX);
    const header = req.headers[CLUSTER_AUTH_HEADER];
    const from =
      body === null
        ? null
        : verifyClusterCall(cfg.clusterSecret, typeof header === "string" ? header : undefined, callSigningText(path, body));
    if (!from) return reply(res, 401, { ok: false, code: "FORBIDDEN", message: "Refused: not signed by an instance of this cluster." });
    const input = call.input.safeParse(parseJsonOrNull(body!));
    if (!input.success) return reply(res, 400, { ok: false, code: "BAD_REQUEST", message: "Bad cluster call." });
    try {
      reply(res, 200, { ok: true, result: await call.run(db(), cfg, input.data as never) });
    } catch (err) {
      if (err instanceof AppError) return reply(res, 200, { ok: false, code: err.code, message: err.message });
      console.error(`runlog: cluster call ${path} from ${from} failed:`, err);
      reply(res, 500, { ok: false, code: "CONFLICT", message: "The instance holding this run failed to do it; see its log." });
    }
  };
}
