import type { Config } from "../config";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { createIncident } from "../incidents/create-incident";
import { setVariable, ZSetVariableInput } from "../incidents/set-variable";
import { listRunbooks, loadRunbook, type LoadedRunbook } from "../runbooks/catalog";
import { secretBox } from "../secrets/secret-box";
import { newId } from "../shared/new-id";
import { SYSTEM_ACTOR } from "../shared/timeline";
import { appendEvent } from "../timeline/append-event";
import { endOf, type AlertmanagerAlert, type AlertmanagerPayload } from "./alertmanager-payload";
import { valuesFromAlert } from "./alert-variables";

export interface ReceivedAlerts {
  notificationId: string;
  /** Incidents this notification opened. */
  opened: string[];
  /** Alerts it updated (a repeat, an end, a fire after an end). */
  updated: number;
  /** Alerts no runbook claims, kept for someone to open by hand. */
  unrouted: number;
}

/** Who opened an incident for an alert: the alert, through which token. */
export const alertActor = (alertname: string, tokenName: string) => `alert ${alertname} via ${tokenName}`;

/**
 * One webhook notification: kept as it came, then each alert routed by its `alertname` to the
 * runbook whose `alerts:` name it. A new firing alert opens an incident (variables from its labels
 * as the runbook says); a repeat only says "still firing"; an end records `alert.resolved`, a fire
 * after an end `alert.refired`. An alert no runbook claims is kept, unrouted.
 */
export async function receiveAlerts(
  db: PrismaClient,
  cfg: Config,
  payload: AlertmanagerPayload,
  tokenName: string,
  body: string,
): Promise<ReceivedAlerts> {
  const now = new Date();
  const notificationId = newId("amn");
  await db.alertNotification.create({
    data: { id: notificationId, receivedAt: now, tokenName, status: payload.status, groupKey: payload.groupKey, body },
  });
  const routes = await alertRoutes(cfg.runbooksDir);
  const out: ReceivedAlerts = { notificationId, opened: [], updated: 0, unrouted: 0 };
  for (const alert of payload.alerts) {
    const alertname = alert.labels.alertname!;
    const slug = routes.get(alertname);
    const runbook = slug ? await loadRunbook(cfg.runbooksDir, slug) : null;
    const key = runbook?.runbook.meta.group ? `group:${payload.groupKey}` : `fp:${alert.fingerprint}`;
    const seen = await currentAlert(db, key, alert.status);
    const fields = alertFields(payload, alert, now);
    if (seen) {
      await updateAlert(db, seen, alert, fields, now);
      out.updated++;
    } else if (alert.status === "firing" && runbook) {
      out.opened.push(await openForAlert(db, cfg, runbook, { key, alert, fields, tokenName, now }));
    } else if (!runbook) {
      // Kept even when it arrives resolved: nothing an Alertmanager sends is dropped.
      await db.alert.create({ data: { id: newId("alr"), key, ...fields, tokenName, firstAt: now, incidentId: null } });
      out.unrouted++;
    }
  }
  return out;
}

/** alertname -> runbook slug, from the runbooks' `alerts:` (front matter or `**Alert Name:**`); the first file wins, as lint warns. */
async function alertRoutes(dir: string): Promise<Map<string, string>> {
  const routes = new Map<string, string>();
  for (const entry of await listRunbooks(dir)) {
    if (!entry.ok) continue;
    for (const name of entry.meta.alerts) if (!routes.has(name)) routes.set(name, entry.slug);
  }
  return routes;
}

/**
 * The alert this notification is about: for a fire, the one of an incident still open (or still
 * unrouted); for an end, the latest one with the key, whatever became of its incident.
 */
function currentAlert(db: PrismaClient, key: string, status: AlertmanagerAlert["status"]) {
  return db.alert.findFirst({
    where: status === "firing" ? { key, OR: [{ incidentId: null }, { incident: { status: { not: "resolved" } } }] } : { key },
    orderBy: { firstAt: "desc" },
  });
}

function alertFields(payload: AlertmanagerPayload, alert: AlertmanagerAlert, now: Date) {
  return {
    fingerprint: alert.fingerprint,
    alertname: alert.labels.alertname!,
    status: alert.status,
    labels: JSON.stringify(alert.labels),
    annotations: JSON.stringify(alert.annotations),
    startsAt: new Date(alert.startsAt),
    endsAt: endOf(alert),
    generatorURL: alert.generatorURL,
    externalURL: payload.externalURL,
    receiver: payload.receiver,
    lastAt: now,
  };
}

type AlertRow = NonNullable<Awaited<ReturnType<typeof currentAlert>>>;

async function updateAlert(db: PrismaClient, seen: AlertRow, alert: AlertmanagerAlert, fields: ReturnType<typeof alertFields>, now: Date) {
  await db.$transaction(async (tx: Prisma.TransactionClient) => {
    await tx.alert.update({ where: { id: seen.id }, data: { ...fields, notifications: { increment: 1 } } });
    if (!seen.incidentId || seen.status === alert.status) return; // a repeat: "still firing" is lastAt
    const change = { alertId: seen.id, alertname: seen.alertname, fingerprint: alert.fingerprint };
    await appendEvent(tx, {
      incidentId: seen.incidentId,
      actor: SYSTEM_ACTOR,
      at: now,
      body:
        alert.status === "resolved"
          ? { type: "alert.resolved", payload: { ...change, at: (endOf(alert) ?? now).toISOString() } }
          : { type: "alert.refired", payload: { ...change, at: alert.startsAt } },
    });
  });
}

async function openForAlert(
  db: PrismaClient,
  cfg: Config,
  runbook: LoadedRunbook,
  a: { key: string; alert: AlertmanagerAlert; fields: ReturnType<typeof alertFields>; tokenName: string; now: Date },
): Promise<string> {
  const actor = alertActor(a.alert.labels.alertname!, a.tokenName);
  const { id } = await createIncident(db, runbook, actor, { severity: a.alert.labels.severity });
  await db.alert.create({ data: { id: newId("alr"), key: a.key, ...a.fields, tokenName: a.tokenName, firstAt: a.now, incidentId: id } });
  await fillVariables(db, cfg, id, runbook, a.alert, actor);
  return id;
}

/** The runbook's variables the alert carries, set as if the alert had typed them; those it cannot give are said on the timeline. */
export async function fillVariables(
  db: PrismaClient,
  cfg: Config,
  incidentId: string,
  runbook: LoadedRunbook,
  alert: Pick<AlertmanagerAlert, "labels" | "annotations">,
  actor: string,
): Promise<void> {
  for (const v of valuesFromAlert(runbook.runbook.variables, alert)) {
    const input = "value" in v ? ZSetVariableInput.safeParse({ incidentId, name: v.name, value: v.value, secret: v.secret }) : null;
    if (input?.success) {
      await setVariable(db, actor, input.data, secretBox(cfg));
      continue;
    }
    const problem = "problem" in v ? v.problem : input!.error!.issues[0]!.message;
    await appendEvent(db, {
      incidentId,
      actor: SYSTEM_ACTOR,
      body: { type: "note.added", payload: { text: `$${v.name} was not set from the alert: ${problem}. Set it by hand.` } },
    });
  }
}
