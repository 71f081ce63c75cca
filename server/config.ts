import { isIP } from "node:net";
import os from "node:os";
import proxyaddr from "proxy-addr";
import path from "node:path";
import { z } from "zod";
import { ZRole, type Role } from "./shared/roles";

// Every setting Runlog reads from the environment, with its default. Documented in the README.
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Bound to loopback by default: this server runs shell commands.
  RUNLOG_HOST: z.string().min(1).default("127.0.0.1"),
  RUNLOG_DATA_DIR: z.string().min(1).default("data"),
  /** Who this process is among the instances sharing the database; stable across its restarts. */
  RUNLOG_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, "RUNLOG_INSTANCE_ID is letters, digits, '.', '_', ':' or '-'.")
    .optional(),
  /** How the other instances reach this one (terminal relay, Stop); default http://<host>:<port>. */
  RUNLOG_INTERNAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Shared by the instances of one cluster: authenticates their calls to each other. */
  RUNLOG_CLUSTER_SECRET: z.string().min(32, "RUNLOG_CLUSTER_SECRET must be at least 32 characters.").optional(),
  /** Proxies (comma-separated addresses or CIDR ranges) whose X-Forwarded-For / X-Forwarded-Proto are believed; by default none. */
  RUNLOG_TRUSTED_PROXIES: z
    .string()
    .default("")
    .refine(
      (v) =>
        validTrustList(
          v
            .split(",")
            .map((a) => a.trim())
            .filter(Boolean),
        ),
      "RUNLOG_TRUSTED_PROXIES is a comma-separated list of IP addresses or CIDR ranges (10.0.0.0/8).",
    ),
  /** After this long without a heartbeat, an instance's runs are recorded as interrupted by the others. */
  RUNLOG_INSTANCE_TIMEOUT_SECONDS: z.coerce.number().int().min(3).max(3600).default(30),
  /** postgres://…: PostgreSQL instead of the embedded SQLite file. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL (unset: the embedded SQLite database).")
    .optional(),
  RUNLOG_RUNBOOKS_DIR: z.string().min(1).default("runbooks"),
  RUNLOG_WORK_DIR: z.string().min(1).optional(),
  RUNLOG_SHELL: z.string().min(1).default("/bin/bash"),
  /** The OS account commands run as: a user name (created when it is the default and missing), or `self`. */
  RUNLOG_RUN_AS: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, "RUNLOG_RUN_AS is a user name (or self).")
    .default("runlog-run"),
  /** Names of the server's environment variables commands also get (comma-separated), e.g. KUBECONFIG,SSH_AUTH_SOCK. */
  RUNLOG_COMMAND_ENV: z
    .string()
    .default("")
    .refine(
      (v) => v.split(",").every((n) => n.trim() === "" || /^[A-Za-z_][A-Za-z0-9_]*$/.test(n.trim())),
      "RUNLOG_COMMAND_ENV is a comma-separated list of variable names.",
    ),
  /** The address people use to reach Runlog (sign-in redirects, cookies' Secure flag, allowed origins). */
  RUNLOG_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs session cookies; by default a random secret kept in the data folder (0600). */
  RUNLOG_AUTH_SECRET: z.string().min(32, "RUNLOG_AUTH_SECRET must be at least 32 characters.").optional(),
  /** OpenID Connect sign-in (SSO): all three, or none. */
  RUNLOG_OIDC_ISSUER: z.url().optional(),
  RUNLOG_OIDC_CLIENT_ID: z.string().min(1).optional(),
  RUNLOG_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The ID token claim (a string or a list) whose values choose the Runlog role at every SSO sign-in, e.g. groups. */
  RUNLOG_OIDC_ROLE_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:./-]{1,100}$/, "RUNLOG_OIDC_ROLE_CLAIM is a claim name, e.g. groups.")
    .optional(),
  /** Claim value=role pairs, comma-separated: sre-oncall=responder,sre-leads=commander. */
  RUNLOG_OIDC_ROLE_MAP: z.string().default(""),
  /** Severities (comma-separated, case-insensitive substrings) whose destructive commands need a commander's approval. */
  RUNLOG_APPROVAL_SEVERITIES: z.string().default("critical"),
  /** Encrypts secret variables at rest: 64 hex characters; by default a key file in the data folder (0600). */
  RUNLOG_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "RUNLOG_SECRET_KEY must be 64 hex characters (32 bytes).")
    .optional(),
  /**
   * Bytes of output kept per run (head and tail); the middle is dropped with a marker. Bounded:
   * every running command holds up to this much in memory, and its row, export and page read it whole.
   */
  RUNLOG_OUTPUT_CAP_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024, "at most 268435456 (256 MiB).")
    .default(5 * 1024 * 1024),
  /** Commands running at once, across incidents; the next one is refused with a message. */
  RUNLOG_MAX_RUNS: z.coerce.number().int().min(1).max(1000).default(16),
  /** Seconds a command may run unless its runbook says otherwise. */
  RUNLOG_COMMAND_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  /** After Ctrl-C, how long before SIGTERM (and as long again before SIGKILL). */
  RUNLOG_CANCEL_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  /** A target's connection is given up as lost after three keep-alives this far apart go unanswered. */
  RUNLOG_SSH_ALIVE_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  instanceId: string;
  instanceTimeoutMs: number;
  /** The URL the other instances use to reach this one. */
  internalUrl: string;
  clusterSecret: string | null;
  /** Peer addresses whose forwarding headers are believed (normalised: IPv4-mapped IPv6 as IPv4). */
  trustedProxies: string[];
  /** Set: PostgreSQL at this URL (the SQLite file is then unused). */
  databaseUrl: string | null;
  runbooksDir: string;
  workDir: string;
  shell: string;
  /** `self`, or the account commands run as. */
  runAs: string;
  commandEnvPassThrough: string[];
  baseUrl: string;
  /** Origins whose requests may change state (sign-in, tRPC mutations, the stream). */
  trustedOrigins: string[];
  authSecret: string | undefined;
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    /** Set: the role comes from this claim at every sign-in (mapped by `roleMap`, viewer when nothing matches). */
    roleClaim: string | null;
    roleMap: Map<string, Role>;
  } | null;
  approvalSeverities: string[];
  secretKey: string | undefined;
  outputCapBytes: number;
  maxRuns: number;
  commandTimeoutSeconds: number;
  cancelGraceMs: number;
  sshAliveSeconds: number;
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ e.RUNLOG_DATA_DIR);
  const baseUrl = (e.RUNLOG_BASE_URL ?? `http://${urlHost(e.RUNLOG_HOST)}:${e.PORT}`).replace(/\/$/, "");
  return {
    port: e.PORT,
    host: e.RUNLOG_HOST,
    dataDir,
    databaseFile: path.join(dataDir, "runlog.db"),
    databaseUrl: e.DATABASE_URL ?? null,
    instanceId: e.RUNLOG_INSTANCE_ID ?? `${os.hostname()}:${e.PORT}`,
    instanceTimeoutMs: e.RUNLOG_INSTANCE_TIMEOUT_SECONDS * 1000,
    internalUrl: (e.RUNLOG_INTERNAL_URL ?? `http://${reachableHost(e.RUNLOG_HOST)}:${e.PORT}`).replace(/\/$/, ""),
    clusterSecret: e.RUNLOG_CLUSTER_SECRET ?? null,
    trustedProxies: e.RUNLOG_TRUSTED_PROXIES.split(",")
      .map((a) => normalizeAddress(a.trim()))
      .filter(Boolean),
    runbooksDir: path.resolve(/*turbopackIgnore: true*/ e.RUNLOG_RUNBOOKS_DIR),
    workDir: path.resolve(/*turbopackIgnore: true*/ e.RUNLOG_WORK_DIR ?? path.join(dataDir, "work")),
    shell: e.RUNLOG_SHELL,
    runAs: e.RUNLOG_RUN_AS,
    commandEnvPassThrough: e.RUNLOG_COMMAND_ENV.split(",")
      .map((n) => n.trim())
      .filter(Boolean),
    baseUrl,
    trustedOrigins: trustedOrigins(baseUrl, e.RUNLOG_HOST, e.PORT),
    authSecret: e.RUNLOG_AUTH_SECRET,
    oidc: oidcConfig(e),
    approvalSeverities: e.RUNLOG_APPROVAL_SEVERITIES.split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    secretKey: e.RUNLOG_SECRET_KEY,
    outputCapBytes: e.RUNLOG_OUTPUT_CAP_BYTES,
    maxRuns: e.RUNLOG_MAX_RUNS,
    commandTimeoutSeconds: e.RUNLOG_COMMAND_TIMEOUT_SECONDS,
    cancelGraceMs: e.RUNLOG_CANCEL_GRACE_MS,
    sshAliveSeconds: e.RUNLOG_SSH_ALIVE_SECONDS,
  };
}

/** An address others can connect to: a wildcard bind is reached through the host's name. */
function reachableHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? os.hostname() : urlHost(host);
}

/** A host as a URL writes it: an IPv6 address in brackets. */
function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

function validTrustList(list: string[]): boolean {
  try {
    proxyaddr.compile(list);
    return true;
  } catch {
    return false;
  }
}

/** `::ffff:10.0.0.1` is how a dual-stack socket shows 10.0.0.1. */
export function normalizeAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** The base URL's origin; on loopback also its other spellings, which a browser may use. */
function trustedOrigins(baseUrl: string, host: string, port: number): string[] {
  const origins = new Set([new URL(baseUrl).origin]);
  if (["127.0.0.1", "localhost", "::1"].includes(host))
    for (const h of ["127.0.0.1", "localhost", "[::1]"]) origins.add(`http://${h}:${port}`);
  return [...origins];
}

function oidcConfig(e: z.infer<typeof ZEnv>): Config["oidc"] {
  const parts = [e.RUNLOG_OIDC_ISSUER, e.RUNLOG_OIDC_CLIENT_ID, e.RUNLOG_OIDC_CLIENT_SECRET];
  if (parts.every((p) => p === undefined)) {
    if (e.RUNLOG_OIDC_ROLE_CLAIM)
      throw new Error("Invalid configuration: RUNLOG_OIDC_ROLE_CLAIM needs OpenID Connect (RUNLOG_OIDC_ISSUER, …).");
    return null;
  }
  if (parts.some((p) => p === undefined))
    throw new Error(
      "Invalid configuration: OpenID Connect needs RUNLOG_OIDC_ISSUER, RUNLOG_OIDC_CLIENT_ID and RUNLOG_OIDC_CLIENT_SECRET together.",
    );
  const roleMap = parseRoleMap(e.RUNLOG_OIDC_ROLE_MAP);
  if (roleMap.size > 0 && !e.RUNLOG_OIDC_ROLE_CLAIM)
    throw new Error("Invalid configuration: RUNLOG_OIDC_ROLE_MAP needs RUNLOG_OIDC_ROLE_CLAIM (the claim its values are read from).");
  return {
    issuer: e.RUNLOG_OIDC_ISSUER!,
    clientId: e.RUNLOG_OIDC_CLIENT_ID!,
    clientSecret: e.RUNLOG_OIDC_CLIENT_SECRET!,
    roleClaim: e.RUNLOG_OIDC_ROLE_CLAIM ?? null,
    roleMap,
  };
}

function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(.+?)=([a-z]+)$/.exec(pair);
    const role = ZRole.safeParse(m?.[2]);
    if (!m || !role.success)
      throw new Error(
        `Invalid configuration: RUNLOG_OIDC_ROLE_MAP: "${pair}" is not value=role with a role of ${ZRole.options.join(", ")} (e.g. sre-oncall=responder).`,
      );
    map.set(m[1]!.trim(), role.data);
  }
  return map;
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= readConfig();
  return cached;
}
