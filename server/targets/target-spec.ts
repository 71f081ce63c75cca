import { z } from "zod";

// What an admin may name as a target, checked before anything reaches ssh's command line (a
// host or user starting with "-" would be read as an option).
export const ZTargetName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "A target name is lower-case letters, digits, '.', '_' or '-' (db-1).");
const ZSshUser = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/, "The ssh user is a user name (deploy).");
const ZSshHost = z
  .string()
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])$/,
    "The ssh host is a host name or an IP address.",
  );

export const ZTargetApproval = z.enum(["none", "mutating", "destructive"]);
export const ZTargetMinRole = z.enum(["responder", "commander", "admin"]);

/** `user@host[:port]` (an IPv6 address in brackets) as one target's SSH address. */
export function parseSshAddress(text: string): { user: string; host: string; port: number } {
  const m = /^([^@\s]+)@(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m) throw new Error(`--ssh is user@host[:port], e.g. deploy@db-1.internal:22 (got "${text}").`);
  const user = ZSshUser.safeParse(m[1]);
  if (!user.success) throw new Error(user.error.issues[0]!.message);
  const host = ZSshHost.safeParse(m[2]);
  if (!host.success) throw new Error(host.error.issues[0]!.message);
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw new Error("The ssh port is 1 to 65535.");
  return { user: user.data, host: host.data.replace(/^\[|\]$/g, ""), port };
}

// Names that go on docker's and kubectl's command lines: never starting with "-".
export const ZContainerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, "--docker is a container name (corporate-intel-postgres).");
export const ZKubeName = z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/);
export const ZKubeContext = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.:@/-]{0,252}$/, "--context is a kubeconfig context name (prod-eu).");
