import { z } from "zod";
import type { Alert, PrismaClient } from "../generated/prisma/client";

const ZStrings = z.record(z.string(), z.string());

/** An alert as pages and the export show it: labels and annotations parsed. */
export function alertView(a: Alert) {
  return {
    id: a.id,
    alertname: a.alertname,
    status: a.status,
    fingerprint: a.fingerprint,
    labels: ZStrings.parse(JSON.parse(a.labels)),
    annotations: ZStrings.parse(JSON.parse(a.annotations)),
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    generatorURL: a.generatorURL,
    externalURL: a.externalURL,
    notifications: a.notifications,
    firstAt: a.firstAt,
    lastAt: a.lastAt,
    tokenName: a.tokenName,
  };
}
export type AlertView = ReturnType<typeof alertView>;

/** Alerts no runbook claimed, still firing, newest first: for a person to open on a runbook. */
export async function unroutedAlerts(db: PrismaClient): Promise<AlertView[]> {
  const rows = await db.alert.findMany({ where: { incidentId: null, status: "firing" }, orderBy: { lastAt: "desc" }, take: 100 });
  return rows.map(alertView);
}
