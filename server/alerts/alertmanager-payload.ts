import { z } from "zod";

// Alertmanager's webhook body, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
// Strict: an unknown field means a sender this code does not understand, answered 400.

const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Label values reach commands as variables: one line, printable, at most 1 KiB. */
export const LABEL_VALUE_MAX = 1024;
/** Annotations are prose (a description may have lines): at most 8 KiB each. */
export const ANNOTATION_VALUE_MAX = 8192;

const ZLabelName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "Label names are letters, digits and _.");
const ZLabels = z.record(
  ZLabelName,
  z
    .string()
    .max(LABEL_VALUE_MAX, `A label value is at most ${LABEL_VALUE_MAX} characters.`)
    .refine((v) => !CONTROL.test(v), "A label value cannot hold control characters (a newline, a tab, an escape)."),
);
const ZAnnotations = z.record(
  ZLabelName,
  z
    .string()
    .max(ANNOTATION_VALUE_MAX, `An annotation is at most ${ANNOTATION_VALUE_MAX} characters.`)
    .refine((v) => !CONTROL_BUT_LAYOUT.test(v), "An annotation cannot hold control characters other than newlines and tabs."),
);
const ZTime = z.iso.datetime({ offset: true });
const ZStatus = z.enum(["firing", "resolved"]);

export const ZAlertmanagerAlert = z.strictObject({
  status: ZStatus,
  labels: ZLabels.refine((l) => typeof l.alertname === "string" && l.alertname !== "", "Every alert needs an alertname label."),
  annotations: ZAnnotations,
  startsAt: ZTime,
  endsAt: ZTime,
  generatorURL: z.string().max(4096),
  fingerprint: z.string().regex(/^[0-9a-f]{1,64}$/, "A fingerprint is hex."),
});
export type AlertmanagerAlert = z.infer<typeof ZAlertmanagerAlert>;

export const ZAlertmanagerPayload = z.strictObject({
  version: z.literal("4", { error: 'Only version "4" of Alertmanager\'s webhook payload is understood.' }),
  groupKey: z.string().max(8192),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: ZStatus,
  receiver: z.string().max(1024),
  groupLabels: ZLabels,
  commonLabels: ZLabels,
  commonAnnotations: ZAnnotations,
  externalURL: z.string().max(4096),
  alerts: z.array(ZAlertmanagerAlert).min(1).max(1000),
});
export type AlertmanagerPayload = z.infer<typeof ZAlertmanagerPayload>;

/** Alertmanager writes the zero time for "not ended". */
export function endOf(alert: AlertmanagerAlert): Date | null {
  const at = new Date(alert.endsAt);
  return at.getUTCFullYear() <= 1 ? null : at;
}
