import { riskRank, type Risk } from "../../shared/risk";
import type { Invocation } from "./invocations";

export interface RiskFinding {
  risk: Exclude<Risk, "read-only">;
  rule: string;
  reason: string;
}

const d = (rule: string, reason: string): RiskFinding => ({ risk: "destructive", rule, reason });
const m = (rule: string, reason: string): RiskFinding => ({ risk: "mutating", rule, reason });

const has = (args: string[], ...flags: string[]) => args.some((a) => flags.includes(a));
const hasShortFlag = (args: string[], letter: string) => args.some((a) => /^-[a-zA-Z]+$/.test(a) && a.includes(letter));
const sub = (args: string[]) => args.find((a) => !a.startsWith("-")) ?? "";

// Paths whose overwrite loses configuration or data that a runbook cannot recreate.
const PRECIOUS_PATH = /^\/(etc|var\/lib|usr|boot|opt|srv|data|root|home)\b/;

/** SQL passed to a database client (`psql -c`, `mysql -e`, redis-cli words) is classified too. */
export function sqlRisk(sql: string): RiskFinding | null {
  const s = sql.toUpperCase();
  if (/\b(DROP|TRUNCATE)\s+(TABLE|DATABASE|SCHEMA|INDEX|VIEW|ROLE|USER)?\b/.test(s) || /\bTRUNCATE\b/.test(s)) {
    return d("sql-drop", "drops or truncates database objects");
  }
  if (/\bDELETE\s+FROM\b/.test(s)) return d("sql-delete", "deletes rows");
  if (/\b(CREATE|ALTER|INSERT|UPDATE|GRANT|REVOKE|VACUUM|REINDEX|CLUSTER|COPY\s+\w+\s+FROM)\b/.test(s)) {
    return m("sql-write", "changes the database (CREATE/ALTER/INSERT/UPDATE/GRANT...)");
  }
  return null;
}

const REDIS_DESTRUCTIVE = new Set(["FLUSHALL", "FLUSHDB", "DEL", "UNLINK", "SHUTDOWN", "DEBUG", "SWAPDB"]);
const REDIS_MUTATING = new Set([
  "BGSAVE",
  "SAVE",
  "BGREWRITEAOF",
  "SET",
  "HSET",
  "EXPIRE",
  "CONFIG SET",
  "REPLICAOF",
  "SLAVEOF",
  "FAILOVER",
  "RESTORE",
  "CLIENT KILL",
  "SCRIPT FLUSH",
]);

type Rule = (args: string[], inv: Invocation) => RiskFinding | null;

const RULES: Record<string, Rule> = {
  rm: (a) => d("rm", `rm deletes files${hasShortFlag(a, "r") || has(a, "--recursive") ? " recursively" : ""}`),
  rmdir: () => d("rm", "rmdir deletes directories"),
  shred: () => d("shred", "shred destroys file contents"),
  unlink: () => d("rm", "unlink deletes a file"),
  truncate: () => d("truncate", "truncate cuts files short"),
  dd: (a) => (a.some((x) => x.startsWith("of=")) ? d("dd", "dd writes raw bytes over its output") : null),
  wipefs: () => d("mkfs", "wipefs erases filesystem signatures"),
  fdisk: () => d("mkfs", "fdisk rewrites partition tables"),
  find: (a) =>
    has(a, "-delete")
      ? d("find-delete", "find -delete deletes every file it matches")
      : a.includes("-exec") && ["rm", "shred", "unlink"].includes(a[a.indexOf("-exec") + 1] ?? "")
        ? d("find-delete", "find -exec rm deletes every file it matches")
        : null,
  chown: (a) =>
    hasShortFlag(a, "R") || has(a, "--recursive")
      ? d("chown-recursive", "chown -R changes ownership of a whole tree")
      : m("chown", "chown changes file ownership"),
  chmod: (a) => m("chmod", `chmod changes file permissions${hasShortFlag(a, "R") ? " recursively" : ""}`),
  mv: () => m("mv", "mv moves or renames files"),
  cp: () => m("cp", "cp writes files"),
  mkdir: () => m("mkdir", "mkdir creates directories"),
  touch: () => m("touch", "touch creates or updates files"),
  ln: () => m("ln", "ln creates links"),
  tee: (a) => {
    const files = a.filter((x) => !x.startsWith("-"));
    if (!files.length) return null;
    const append = has(a, "-a", "--append");
    return !append && files.some((f) => PRECIOUS_PATH.test(f))
      ? d("redirect-overwrite", `tee overwrites ${files.join(" ")}`)
      : m("tee", "tee writes files");
  },
  sed: (a) =>
    a.some((x) => /^-[a-zA-Z]*i/.test(x) || x.startsWith("--in-place")) ? m("sed-in-place", "sed -i edits files in place") : null,
  gzip: (a) => (has(a, "-l", "-t", "--list", "--test") ? null : m("compress", "gzip replaces files with compressed ones")),
  gunzip: (a) => (has(a, "-l", "-t") ? null : m("compress", "gunzip replaces files with decompressed ones")),
  tar: (a) => (a.some((x) => /^-?[a-zA-Z]*[cxru]/.test(x) && !x.startsWith("--")) ? m("tar", "tar creates or extracts archives") : null),
  kill: () => m("kill", "kill signals processes"),
  pkill: () => m("kill", "pkill signals processes"),
  killall: () => m("kill", "killall signals processes"),
  reboot: () => d("reboot", "reboot restarts the machine"),
  shutdown: () => d("reboot", "shutdown stops the machine"),
  crontab: (a) =>
    has(a, "-r")
      ? d("crontab", "crontab -r deletes the crontab")
      : has(a, "-e") || a.length === 1
        ? m("crontab", "crontab replaces scheduled jobs")
        : null,
  systemctl: (a) =>
    ["start", "stop", "restart", "reload", "enable", "disable", "kill", "mask", "daemon-reload"].includes(sub(a))
      ? m("service", `systemctl ${sub(a)} changes a service`)
      : null,
  service: (a) =>
    a.some((x) => ["start", "stop", "restart", "reload"].includes(x)) ? m("service", "service changes a running service") : null,
  "apt-get": (a) => (["install", "remove", "purge", "upgrade"].includes(sub(a)) ? m("package", "changes installed packages") : null),
  apt: (a) => (["install", "remove", "purge", "upgrade"].includes(sub(a)) ? m("package", "changes installed packages") : null),
  yum: (a) => (["install", "remove", "update"].includes(sub(a)) ? m("package", "changes installed packages") : null),
  git: (a) =>
    sub(a) === "reset" && has(a, "--hard")
      ? d("git-discard", "git reset --hard discards work")
      : sub(a) === "clean"
        ? d("git-discard", "git clean deletes untracked files")
        : ["commit", "push", "pull", "checkout", "merge", "rebase"].includes(sub(a))
          ? m("git-write", `git ${sub(a)} changes the repository`)
          : null,
  docker: (a) => {
    const s = sub(a);
    if (
      ["rm", "rmi", "prune"].includes(s) ||
      (["volume", "system", "image", "container", "network"].includes(s) && a.some((x) => ["rm", "prune"].includes(x)))
    )
      return d("docker-remove", `docker ${s} removes containers, images or volumes`);
    if (["cp", "run", "start", "stop", "restart", "kill", "pause", "update", "commit", "create"].includes(s))
      return m("docker-change", `docker ${s} changes containers or files`);
    return null;
  },
  kubectl: (a) => kube("kubectl", a),
  oc: (a) => kube("oc", a),
  helm: (a) =>
    ["uninstall", "delete"].includes(sub(a))
      ? d("helm-uninstall", "helm uninstall removes a release")
      : ["install", "upgrade", "rollback"].includes(sub(a))
        ? m("helm-change", `helm ${sub(a)} changes a release`)
        : null,
  mc: (a) => {
    const s = sub(a);
    if (s === "rm" || s === "rb") return d("object-delete", `mc ${s} deletes objects or buckets`);
    if (s === "mirror" && has(a, "--remove", "--overwrite")) return d("object-delete", "mc mirror --remove deletes objects at the target");
    if (["mb", "cp", "mv", "mirror"].includes(s)) return m("object-write", `mc ${s} writes objects or buckets`);
    if ((s === "alias" && a.includes("set")) || (s === "admin" && a.some((x) => ["add", "set", "remove", "attach", "detach"].includes(x))))
      return m("object-config", "changes MinIO configuration");
    return null;
  },
  aws: (a) => {
    const s3 = a.indexOf("s3");
    const verb = s3 >= 0 ? a[s3 + 1] : undefined;
    if (verb === "rm" || verb === "rb") return d("object-delete", `aws s3 ${verb} deletes objects or buckets`);
    if (verb === "sync" && has(a, "--delete")) return d("object-delete", "aws s3 sync --delete deletes objects at the target");
    if (verb === "cp" || verb === "mv" || verb === "sync" || verb === "mb") return m("object-write", `aws s3 ${verb} writes objects`);
    return null;
  },
  curl: (a) => {
    const i = a.findIndex((x) => x === "-X" || x === "--request");
    const method = (i >= 0 ? a[i + 1] : a.find((x) => /^-X[A-Z]+$/.test(x))?.slice(2))?.toUpperCase();
    if (method === "DELETE") return d("http-delete", "sends an HTTP DELETE");
    if (method && method !== "GET" && method !== "HEAD") return m("http-write", `sends an HTTP ${method}`);
    if (has(a, "-d", "--data", "--data-raw", "--data-binary", "-F", "--form", "-T")) return m("http-write", "sends data to a server");
    return null;
  },
  psql: (a) => dbClient(a, ["-c", "--command"]),
  mysql: (a) => dbClient(a, ["-e", "--execute"]),
  "redis-cli": (a) => {
    const words = a.filter((x) => !x.startsWith("-")).map((x) => x.toUpperCase());
    const cmd = words.find((w) => /^[A-Z]+$/.test(w)) ?? "";
    const pair = `${cmd} ${words[words.indexOf(cmd) + 1] ?? ""}`.trim();
    if (REDIS_DESTRUCTIVE.has(cmd)) return d("redis-destructive", `redis ${cmd} can lose data`);
    if (REDIS_MUTATING.has(cmd) || REDIS_MUTATING.has(pair))
      return m("redis-write", `redis ${pair.includes(" SET") ? pair : cmd} changes the server's state`);
    return null;
  },
  pg_dump: (a) => (a.some((x) => x === "-f" || x.startsWith("--file")) ? m("writes-file", "pg_dump -f writes a dump file") : null),
  pg_restore: (a) =>
    has(a, "-c", "--clean")
      ? d("db-restore", "pg_restore --clean drops objects before restoring")
      : a.some((x) => x === "-d" || x.startsWith("--dbname"))
        ? m("db-restore", "pg_restore -d restores into a database")
        : null,
  createdb: () => m("sql-write", "creates a database"),
  dropdb: () => d("sql-drop", "drops a database"),
};

function kube(tool: string, a: string[]): RiskFinding | null {
  const s = sub(a);
  if (s === "delete") return d("kube-delete", `${tool} delete removes cluster resources`);
  if (s === "drain") return d("kube-drain", `${tool} drain evicts every pod from a node`);
  if (s === "adm" && a.includes("drain")) return d("kube-drain", `${tool} adm drain evicts every pod from a node`);
  if (
    [
      "apply",
      "create",
      "replace",
      "patch",
      "edit",
      "scale",
      "label",
      "annotate",
      "cordon",
      "uncordon",
      "taint",
      "set",
      "expose",
      "autoscale",
    ].includes(s)
  ) {
    return m("kube-change", `${tool} ${s} changes cluster resources`);
  }
  if (s === "rollout" && a.some((x) => ["restart", "undo", "pause", "resume"].includes(x)))
    return m("kube-change", `${tool} rollout changes a deployment`);
  if (s === "adm" && a.some((x) => ["cordon", "uncordon", "taint", "upgrade"].includes(x)))
    return m("kube-change", `${tool} adm changes the cluster`);
  return null;
}

function dbClient(a: string[], flags: string[]): RiskFinding | null {
  const i = a.findIndex((x) => flags.includes(x));
  return i >= 0 && a[i + 1] ? sqlRisk(a[i + 1]!) : null;
}

/** The riskiest finding of one invocation, its redirects included. */
export function classifyInvocation(inv: Invocation): RiskFinding | null {
  let worst: RiskFinding | null =
    RULES[inv.name]?.(inv.args, inv) ?? (inv.name.startsWith("mkfs") ? d("mkfs", `${inv.name} formats a filesystem`) : scriptRisk(inv));
  for (const r of inv.redirects) {
    if (r.target.startsWith("/dev/")) continue;
    const f = r.op.includes(">>")
      ? m("redirect-append", `appends to ${r.target}`)
      : PRECIOUS_PATH.test(r.target)
        ? d("redirect-overwrite", `overwrites ${r.target}`)
        : m("redirect-write", `writes ${r.target}`);
    if (!worst || riskRank(f.risk) > riskRank(worst.risk)) worst = f;
  }
  return worst;
}

const DRY_RUN = ["--test", "--dry-run", "--check", "--help", "-h", "--version", "--list"];

/** A script Runlog cannot see into may change anything: not read-only unless asked to only look. */
function scriptRisk(inv: Invocation): RiskFinding | null {
  if (!inv.path.includes("/") && !/\.(sh|bash|py|rb|pl)$/.test(inv.name)) return null;
  if (inv.args.some((a) => DRY_RUN.includes(a))) return null;
  return m("script", `runs ${inv.path}, whose effects Runlog cannot inspect`);
}
