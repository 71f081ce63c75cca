import type { Prisma } from "../generated/prisma/client";
import { summarizeEvent } from "../export/event-summary";
import { newId } from "../shared/new-id";
import { ZNotifiedEvent, type Notification } from "../shared/notification";
import type { TimelineEventBody } from "../shared/timeline";
import type { NotifyConfig, WebhookTarget } from "./notify-config";

interface Targets {
  config: NotifyConfig;
  baseUrl: string;
}
const g = globalThis as unknown as { runlogNotifyTargets?: Targets; runlogNotifyWake?: () => void };

/** Set once at start-up (and by tests): where notifications go. Unset, nothing is queued. */
export function setNotificationTargets(config: NotifyConfig, baseUrl: string): void {
  g.runlogNotifyTargets = { config, baseUrl: baseUrl.replace(/\/$/, "") };
}
export function notificationSettings(): NotifyConfig | null {
  return g.runlogNotifyTargets?.config ?? null;
}
/** The delivery worker's doorbell: a new notification is sent at once, not at the next poll. */
export function onNotificationQueued(wake: (() => void) | undefined): void {
  g.runlogNotifyWake = wake;
}

/**
 * Called for every timeline event, inside its transaction: an event people outside must hear of
 * is queued for each webhook that wants it, so that it is sent if and only if the event is
 * committed, even across a restart. A person's own Stop of a run-all is not news.
 */
export async function queueNotifications(
  tx: Prisma.TransactionClient,
  event: { incidentId: string; actor: string; at: Date; body: TimelineEventBody },
): Promise<void> {
  const targets = g.runlogNotifyTargets;
  const type = ZNotifiedEvent.safeParse(event.body.type);
  if (!targets || !type.success || targets.config.webhooks.length === 0) return;
  if (event.body.type === "runall.stopped" && event.body.payload.reason.kind === "stopped") return;
  const wanted = targets.config.webhooks.filter((w) => w.events.includes(type.data));
  if (wanted.length === 0) return;
  const incident = await tx.incident.findUniqueOrThrow({
    where: { id: event.incidentId },
    select: { id: true, title: true, severity: true, status: true, runbookSlug: true },
  });
  const message: Omit<Notification, "id"> = {
    version: 1,
    event: type.data,
    at: event.at.toISOString(),
    actor: event.actor,
    summary: summarizeEvent({ ...event.body, id: "", seq: 0, actor: event.actor, at: event.at, runId: null }, () => undefined),
    incident: {
      id: incident.id,
      title: incident.title,
      // As the event makes them (the row may be written after the event in the same transaction).
      severity: event.body.type === "severity.changed" ? event.body.payload.to : incident.severity,
      status: event.body.type === "status.changed" ? event.body.payload.to : incident.status,
      runbook: incident.runbookSlug,
      url: `${targets.baseUrl}/incidents/${incident.id}`,
    },
    details: event.body.payload as Record<string, unknown>,
  };
  for (const target of wanted) {
    const id = newId("ntf");
    await tx.notification.create({
      data: {
        id,
        target: target.name,
        url: target.url,
        format: target.format,
        eventType: type.data,
        incidentId: incident.id,
        body: bodyFor(target, { id, ...message }),
        nextAt: event.at,
        createdAt: event.at,
      },
    });
  }
  queueMicrotask(() => g.runlogNotifyWake?.());
}

function bodyFor(target: WebhookTarget, n: Notification): string {
  if (target.format === "runlog") return JSON.stringify(n);
  // Slack, Mattermost and Rocket.Chat incoming webhooks all take {"text": …}.
  return JSON.stringify({ text: `[${n.incident.severity}] ${n.incident.title}: ${n.summary} (${n.actor}) ${n.incident.url}` });
}
