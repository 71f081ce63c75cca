import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { allCommands, codeBlocks, findRunnable, type Runbook } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

const seed = readFileSync(path.resolve("runbooks/backup-failure.md"), "utf8");
const seedLines = seed.split("\n");
let rb: Runbook;
beforeAll(async () => {
  rb = await parseRunbook(seed);
});
const section = (title: string) => rb.sections.find((s) => s.title === title)!;

// Every command of the seed, checked by hand against the file: [line, risk, variables needed,
// first line of text, number of lines]. A change to the parser that moves any of these fails here.
const SEED_COMMANDS: [number, string, string, string, number][] = [
  [25, "read-only", "", "curl http://prometheus:9090/api/v1/query?query='backup_last_success_timestamp_seconds'", 1],
  [28, "read-only", "", "ls -lth /path/to/backups/ | head -20", 1],
  [31, "read-only", "", "df -h | grep backup", 1],
  [38, "read-only", "", "ls -lth /var/backups/postgres/ | head -10", 1],
  [41, "read-only", "", "ls -lth /var/backups/redis/ | head -10", 1],
  [44, "read-only", "", "mc ls minio-backup/corporate-intel/", 1],
  [47, "read-only", "", "tail -100 /var/log/backups/backup.log", 1],
  [58, "read-only", "", "cat /var/log/backups/postgres-backup.log", 1],
  [61, "read-only", "", "sudo -u postgres /scripts/backup/postgres-backup.sh --test", 1],
  [64, "read-only", "", "docker exec corporate-intel-postgres which pg_dump", 1],
  [67, "read-only", "POSTGRES_USER", "docker exec corporate-intel-postgres pg_isready -U $POSTGRES_USER", 1],
  [75, "read-only", "", "df -h /var/backups/postgres", 1],
  [78, "destructive", "", 'find /var/backups/postgres -name "*.sql.gz" -mtime +30 -delete', 1],
  [81, "read-only", "POSTGRES_USER POSTGRES_DB", "docker exec corporate-intel-postgres psql -U $POSTGRES_USER -d $POSTGRES_DB -c \\", 2],
  [88, "read-only", "", "ls -ld /var/backups/postgres", 1],
  [91, "destructive", "", "sudo chown -R postgres:postgres /var/backups/postgres", 1],
  [92, "mutating", "", "sudo chmod 750 /var/backups/postgres", 1],
  [98, "read-only", "POSTGRES_USER POSTGRES_DB", "docker exec corporate-intel-postgres psql -U $POSTGRES_USER -d $POSTGRES_DB -c \\", 2],
  [109, "read-only", "", 'docker exec corporate-intel-postgres psql -U postgres -c "SELECT version();"', 1],
  [112, "read-only", "", "pg_dump --version", 1],
  [115, "read-only", "", "docker exec corporate-intel-postgres pg_dump --version", 1],
  [124, "read-only", "", "docker exec corporate-intel-redis redis-cli CONFIG GET save", 1],
  [125, "read-only", "", "docker exec corporate-intel-redis redis-cli CONFIG GET appendonly", 1],
  [128, "read-only", "", "docker exec corporate-intel-redis redis-cli LASTSAVE", 1],
  [131, "read-only", "", "docker exec corporate-intel-redis redis-cli INFO persistence | grep last_bgsave", 1],
  [134, "mutating", "", "docker exec corporate-intel-redis redis-cli BGSAVE", 1],
  [141, "read-only", "", "df -h /var/lib/docker/volumes/corporate-intel-redis-data", 1],
  [145, "destructive", "", "docker exec corporate-intel-redis sh -c \"find /data -name 'temp-*.rdb' -delete\"", 1],
  [150, "read-only", "", "docker exec corporate-intel-redis ls -la /data", 1],
  [153, "read-only", "", "docker logs corporate-intel-redis | grep -i permission", 1],
  [159, "read-only", "", "free -h", 1],
  [162, "read-only", "", 'docker logs corporate-intel-redis | grep -i "fork\\|background"', 1],
  [165, "mutating", "", "docker exec corporate-intel-redis redis-cli SAVE", 1],
  [174, "read-only", "", "mc ls minio/corporate-intel/", 1],
  [177, "read-only", "", "mc ls minio-backup/corporate-intel/", 1],
  [180, "read-only", "", "mc admin info minio", 1],
  [181, "read-only", "", "mc admin info minio-backup", 1],
  [184, "read-only", "", "cat /var/log/backups/minio-backup.log", 1],
  [192, "read-only", "", "ping -c 3 backup-server.example.com", 1],
  [195, "read-only", "", "aws s3 ls s3://backup-bucket/corporate-intel/ --endpoint-url=https://backup-server.example.com", 1],
  [201, "read-only", "", "mc alias ls", 1],
  [204, "mutating", "", "mc alias set minio-backup https://backup.example.com ACCESS_KEY SECRET_KEY", 1],
  [207, "read-only", "", "mc admin info minio-backup", 1],
  [213, "read-only", "", "mc admin policy list minio-backup", 1],
  [216, "read-only", "", "mc ls minio-backup | grep corporate-intel", 1],
  [219, "mutating", "", "mc mb minio-backup/corporate-intel", 1],
  [230, "mutating", "POSTGRES_USER POSTGRES_DB", "docker exec corporate-intel-postgres pg_dump \\", 5],
  [237, "mutating", "", "docker cp corporate-intel-postgres:/backups/manual-backup-*.dump \\", 2],
  [241, "mutating", "", "gzip /var/backups/postgres/emergency/manual-backup-*.dump", 1],
  [242, "read-only", "", "ls -lh /var/backups/postgres/emergency/", 1],
  [249, "mutating", "", "docker exec corporate-intel-redis redis-cli BGSAVE", 1],
  [252, "read-only", "LAST_SAVE", 'while [ "$(docker exec corporate-intel-redis redis-cli LASTSAVE)" == "$LAST_SAVE" ]; do', 3],
  [257, "mutating", "", "docker cp corporate-intel-redis:/data/dump.rdb \\", 2],
  [265, "mutating", "", "mc mirror minio/corporate-intel minio-backup/corporate-intel-$(date +%Y%m%d)", 1],
  [268, "mutating", "", "aws s3 sync s3://corporate-intel s3://backup-bucket/corporate-intel-$(date +%Y%m%d) \\", 2],
  [280, "read-only", "", "pg_restore --list /var/backups/postgres/backup-latest.dump | head -20", 1],
  [283, "mutating", "", 'docker exec corporate-intel-postgres psql -U postgres -c "CREATE DATABASE backup_test;"', 1],
  [284, "mutating", "", "docker exec corporate-intel-postgres pg_restore \\", 4],
  [290, "read-only", "", "docker exec corporate-intel-postgres psql -U postgres -d backup_test -c \\", 2],
  [294, "destructive", "", 'docker exec corporate-intel-postgres psql -U postgres -c "DROP DATABASE backup_test;"', 1],
  [301, "read-only", "", "redis-check-rdb /var/backups/redis/dump.rdb", 1],
  [304, "mutating", "", "docker run --rm -v /var/backups/redis:/data redis:7-alpine \\", 2],
  [312, "read-only", "", "SOURCE_COUNT=$(mc ls --recursive minio/corporate-intel | wc -l)", 1],
  [313, "read-only", "", "BACKUP_COUNT=$(mc ls --recursive minio-backup/corporate-intel-latest | wc -l)", 1],
  [315, "read-only", "", 'echo "Source files: $SOURCE_COUNT"', 1],
  [316, "read-only", "", 'echo "Backup files: $BACKUP_COUNT"', 1],
  [319, "read-only", "", "mc ls minio-backup/corporate-intel-latest/data/", 1],
  [320, "read-only", "", "mc ls minio-backup/corporate-intel-latest/reports/", 1],
  [332, "mutating", "", "./scripts/backup/test-restore.sh", 1],
];

describe("the seed runbook, command by command", () => {
  it("yields exactly these commands, lines, risks and variables", () => {
    const actual = allCommands(rb).map((c) => [
      c.line,
      c.risk,
      c.variables.map((v) => v.name).join(" "),
      c.text.split("\n")[0],
      c.text.split("\n").length,
    ]);
    expect(actual).toEqual(SEED_COMMANDS);
  });

  it("points every command at the source line its text starts on", () => {
    for (const c of allCommands(rb)) expect(seedLines[c.line - 1]!.trim(), c.text).toBe(c.text.split("\n")[0]!.trim());
  });

  it("keeps the multi-line pg_dump, pg_restore, docker run and while loop whole", () => {
    const texts = allCommands(rb).map((c) => c.text);
    expect(texts.find((t) => t.includes("pg_dump \\"))).toBe(seedLines.slice(229, 234).join("\n"));
    expect(texts.find((t) => t.startsWith("docker exec corporate-intel-postgres pg_restore"))).toBe(seedLines.slice(283, 287).join("\n"));
    expect(texts.find((t) => t.startsWith("docker run"))).toBe(seedLines.slice(303, 305).join("\n"));
    expect(texts.find((t) => t.startsWith("while"))).toBe(seedLines.slice(251, 254).join("\n"));
  });

  it("explains each risk by the rule that fired, looking through sudo, docker exec and sh -c", () => {
    const byLine = (line: number) => allCommands(rb).find((c) => c.line === line)!;
    expect(byLine(78)).toMatchObject({ riskRule: "find-delete", riskReason: "find -delete deletes every file it matches" });
    expect(byLine(91)).toMatchObject({ riskRule: "chown-recursive", riskReason: expect.stringContaining("via sudo") });
    expect(byLine(145)).toMatchObject({
      riskRule: "find-delete",
      riskReason: expect.stringContaining("via docker exec corporate-intel-redis, sh -c"),
    });
    expect(byLine(294)).toMatchObject({ riskRule: "sql-drop" });
    expect(byLine(134)).toMatchObject({ riskRule: "redis-write", riskReason: expect.stringContaining("BGSAVE") });
    expect(byLine(219)).toMatchObject({ riskRule: "object-write" });
    expect(byLine(31)).toMatchObject({ riskRule: null, risk: "read-only" });
  });

  it("takes the comment right above a command as its description", () => {
    const byLine = (line: number) => allCommands(rb).find((c) => c.line === line)!;
    expect(byLine(31).description).toBe("Verify backup storage availability");
    expect(byLine(230).description).toBe("Full database backup");
    expect(byLine(145).description).toBe("Clean old AOF/RDB files if safe WARNING: This can cause data loss");
    expect(byLine(125).description).toBe("");
  });

  it("finds the placeholders to replace", () => {
    const byLine = (line: number) => allCommands(rb).find((c) => c.line === line)!;
    expect(byLine(28).placeholders).toEqual([{ text: "/path/to/backups/", kind: "example-path" }]);
    expect(byLine(204).placeholders.map((p) => p.text)).toEqual(["backup.example.com", "ACCESS_KEY", "SECRET_KEY"]);
    expect(byLine(192).placeholders).toEqual([{ text: "backup-server.example.com", kind: "example-host" }]);
  });

  it("lists the runbook's variables with the commands that need them", () => {
    expect(rb.variables.map((v) => [v.name, v.secret, v.optional, v.usedBy.length])).toEqual([
      ["POSTGRES_USER", false, false, 4],
      ["POSTGRES_DB", false, false, 3],
      ["LAST_SAVE", false, false, 1],
    ]);
  });

  it("reports what an author should fix, at the right lines", () => {
    expect(rb.diagnostics.map((d) => `${d.line} ${d.severity} ${d.rule}`)).toEqual([
      "28 warning placeholder",
      "67 warning undefined-variable",
      "78 warning destructive-without-warning",
      "81 warning undefined-variable",
      "91 warning destructive-without-warning",
      "192 warning placeholder",
      "195 warning placeholder",
      "204 warning placeholder",
      "204 warning placeholder",
      "204 warning placeholder",
      "252 warning undefined-variable",
      "294 warning destructive-without-warning",
    ]);
  });
});

describe("the seed runbook, structure", () => {
  it("reads the bold metadata lines", () => {
    expect(rb.meta).toEqual({
      title: "Backup Failure",
      alerts: ["PostgreSQLBackupFailure", "MinIOBackupFailure", "BackupExecutionError"],
      severity: "Critical (Page)",
      component: "Backup",
      team: "DevOps",
      approval: null,
      group: false,
    });
  });

  it("makes every heading below the title a step, in order, with its path and line", () => {
    expect(rb.sections.map((s) => `${s.line} ${"#".repeat(s.depth)} ${s.title}`)).toEqual([
      "8 ## Overview",
      "12 ## Impact",
      "19 ## Immediate Response",
      "21 ### 1. Assess Current Backup Status",
      "34 ### 2. Identify Failed Component",
      "50 ## Diagnostic Steps",
      "52 ### PostgreSQL Backup Failure",
      "118 ### Redis Backup Failure",
      "168 ### MinIO Backup Failure",
      "222 ## Manual Backup Execution",
      "226 ### PostgreSQL Manual Backup",
      "245 ### Redis Manual Backup",
      "261 ### MinIO Manual Backup",
      "272 ## Backup Verification",
      "276 ### Verify PostgreSQL Backup",
      "297 ### Verify Redis Backup",
      "308 ### Verify MinIO Backup",
      "323 ## Recovery Testing",
      "335 ## Root Cause Analysis",
      "359 ## Escalation",
      "370 ## Prevention & Hardening",
      "398 ## Related Alerts",
      "405 ## Additional Resources",
    ]);
    expect(section("PostgreSQL Backup Failure").path).toEqual(["Diagnostic Steps", "PostgreSQL Backup Failure"]);
    expect(allCommands(rb).find((c) => c.line === 159)!.section).toEqual(["Diagnostic Steps", "Redis Backup Failure"]);
  });

  it("puts a list item's label right above the commands nested in it", () => {
    const items = section("Redis Backup Failure").content;
    const label = items.findIndex((i) => i.kind === "prose" && i.text === "BGSAVE Failures:");
    expect(label).toBeGreaterThan(0);
    expect(items[label]).toMatchObject({ html: '<ol start="3">\n<li><strong>BGSAVE Failures:</strong></li>\n</ol>' });
    const next = items[label + 1]!;
    expect(next.kind === "code" && next.block.commands[0]!.text).toBe("free -h");
  });

  it("turns the numbered Escalation and Prevention lists into check items", () => {
    const escalation = section("Escalation").content.find((i) => i.kind === "checklist");
    expect(escalation?.kind === "checklist" && escalation.items.map((i) => i.text)).toEqual([
      "Page: Senior DevOps Engineer",
      "Notify: CTO and VP Engineering",
      "Create: P0 incident",
      "Document: All troubleshooting steps taken",
      "Consider: Emergency snapshot of production data",
      "Engage: Vendor support if using managed backup service",
    ]);
    const prevention = section("Prevention & Hardening").content.flatMap((i) => (i.kind === "checklist" ? i.items : []));
    expect(prevention.map((i) => i.text.split("\n")[0])).toEqual([
      "Implement backup monitoring:",
      "Review backup strategy:",
      "Improve backup scripts:",
      "Document recovery procedures:",
    ]);
  });

  it("reads the escalation deadline from the Escalation section's sentence", () => {
    expect(rb.escalation).toEqual({ afterMinutes: 120, text: "If backups cannot be restored within 2 hours:", line: 361 });
  });

  it("makes comment-only blocks notes, never commands", () => {
    const [block] = codeBlocks(section("Prevention & Hardening"));
    expect(block).toMatchObject({ kind: "notes", runnable: false, commands: [] });
    expect(block!.notes).toEqual(["Add Prometheus metrics", "Add backup verification alerts", "Schedule automated restore tests"]);
    const lock = codeBlocks(section("PostgreSQL Backup Failure")).find((b) => b.text.includes("Increase backup timeout"))!;
    expect(lock.commands).toHaveLength(1);
    expect(lock.notes).toEqual([
      "Increase backup timeout in script",
      "Edit /scripts/backup/postgres-backup.sh",
      "Add: --lock-wait-timeout=3600",
    ]);
  });

  it("gives each command a unique id that survives edits elsewhere in the file", async () => {
    const ids = allCommands(rb).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const edited = seed.replace("## Overview\n", "## Overview\n\nAn extra paragraph.\n\n```bash\necho extra\n```\n");
    const df = allCommands(rb).find((c) => c.text === "df -h | grep backup")!;
    const after = await parseRunbook(edited);
    const dfAfter = allCommands(after).find((c) => c.text === "df -h | grep backup")!;
    expect(dfAfter.id).toBe(df.id);
    expect(dfAfter.line).toBe(df.line + 6);
    expect(findRunnable(after.sections, df.id)?.text).toBe("df -h | grep backup");
  });
});
