import type http from "node:http";
import { type z } from "zod";
import { ZAlertmanagerPayload } from "../alerts/alertmanager-payload";
import { receiveAlerts } from "../alerts/receive-alerts";
import { checkBearer } from "../auth/api-tokens";
import type { Config } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import { readBody, refuseLargeBody } from "./body-limit";

/** Alertmanager batches at most a few hundred alerts per notification: 1 MiB is ample. */
export const ALERT_BODY_MAX = 1024 * 1024;
export const ALERTMANAGER_PATH = "/api/alerts/alertmanager";

const reply = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};
const refuse = (res: http.ServerResponse, status: number, message: string) => reply(res, status, { error: { message } });

/**
 * `POST /api/alerts/alertmanager`: Alertmanager's webhook. A machine posts here, so the Origin
 * guard does not apply: a bearer token with the `alerts` scope does. The token is checked before
 * the body is read, the body is capped, and nothing is stored unless it is a valid payload.
 */
export function alertmanagerWebhook(db: () => PrismaClient, cfg: Config) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      if (req.method !== "POST") {
        res.setHeader("allow", "POST");
        return refuse(res, 405, "POST Alertmanager's webhook payload here.");
      }
      const token = await checkBearer(db(), req.headers.authorization, "alerts");
      if (!token.ok) {
        if (token.status === 401) res.setHeader("www-authenticate", 'Bearer realm="runlog"');
        return refuse(res, token.status, token.message);
      }
      if (refuseLargeBody(req, res, ALERT_BODY_MAX)) return;
      const body = await readBody(req, ALERT_BODY_MAX);
      if (body === null) return refuse(res, 413, `Refused: the request body is larger than ${ALERT_BODY_MAX / 1024 / 1024} MiB.`);
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return refuse(res, 400, "The body is not JSON: Alertmanager's webhook payload is a JSON object.");
      }
      const payload = ZAlertmanagerPayload.safeParse(json);
      if (!payload.success) return refuse(res, 400, `Not an Alertmanager webhook payload: ${describeIssues(payload.error)}`);
      const received = await receiveAlerts(db(), cfg, payload.data, token.name, body);
      reply(res, 200, received);
    } catch (err) {
      console.error("runlog: the Alertmanager webhook failed:", err);
      if (!res.headersSent) refuse(res, 500, "Runlog could not record these alerts; Alertmanager will send them again.");
    }
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`)
    .join("; ");
}

/** The body, or null past the cap (counted as it arrives: the header can lie). */
