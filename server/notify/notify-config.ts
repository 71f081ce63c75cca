import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { NOTIFIED_EVENTS, ZNotifiedEvent } from "../shared/notification";

export const ZWebhookTarget = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a name is letters, digits, '.', '_' or '-'"),
  url: z.url({ protocol: /^https?$/, error: "url must be an http(s) URL" }),
  /** `runlog`: Runlog's JSON (public/notification.schema.json); `chat`: {"text": …} for Slack, Mattermost, Rocket.Chat. */
  format: z.enum(["runlog", "chat"]).default("runlog"),
  events: z
    .array(ZNotifiedEvent)
    .min(1)
    .default([...NOTIFIED_EVENTS]),
  /** Sent with every request, e.g. an Authorization header the receiver wants. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string().max(4096)).default({}),
});
export type WebhookTarget = z.infer<typeof ZWebhookTarget>;

export const ZNotifyConfig = z.strictObject({
  notifications: z
    .strictObject({
      webhooks: z.array(ZWebhookTarget).default([]),
      /** Tries per notification before it is recorded as failed, and the first wait (doubling, at most 5 minutes). */
      attempts: z.number().int().min(1).max(50).default(8),
      firstRetryMs: z.number().int().min(10).max(600_000).default(2000),
    })
    .default({ webhooks: [], attempts: 8, firstRetryMs: 2000 }),
});
export type NotifyConfig = z.infer<typeof ZNotifyConfig>["notifications"];

/**
 * The notification settings: `RUNLOG_NOTIFY` (the same document as JSON) when set, else the YAML
 * file (`RUNLOG_CONFIG_FILE`, default `runlog.config.yaml`; none is fine). Invalid: an error
 * naming the setting, and Runlog does not start on it.
 */
export function readNotifyConfig(env: Record<string, string | undefined>): NotifyConfig {
  const file = env.RUNLOG_CONFIG_FILE ?? "runlog.config.yaml";
  let raw: unknown = {};
  let from = "defaults";
  try {
    if (env.RUNLOG_NOTIFY) {
      from = "RUNLOG_NOTIFY";
      raw = JSON.parse(env.RUNLOG_NOTIFY);
    } else if (existsSync(file)) {
      from = file;
      raw = parseYaml(readFileSync(file, "utf8")) ?? {};
    }
  } catch (err) {
    throw new Error(`${from} cannot be read: ${(err as Error).message.split("\n")[0]}`);
  }
  const parsed = ZNotifyConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${from}: ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  }
  const names = parsed.data.notifications.webhooks.map((w) => w.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`${from}: two webhooks are named ${dup}`);
  return parsed.data.notifications;
}
