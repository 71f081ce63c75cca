import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codeBlocks, findCommand, sectionCommands } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

const seed = readFileSync(path.resolve("runbooks/backup-failure.md"), "utf8");
const commandsOf = (md: string) => parseRunbook(md).sections.flatMap((s) => sectionCommands(s));

describe("parseRunbook on the seed runbook", () => {
  const rb = parseRunbook(seed);

  it("reads the bold metadata lines", () => {
    expect(rb.meta).toEqual({
      title: "Backup Failure",
      alerts: ["PostgreSQLBackupFailure", "MinIOBackupFailure", "BackupExecutionError"],
      severity: "Critical (Page)",
      component: "Backup",
      team: "DevOps",
    });
  });

  it("keeps the sections in order with their heading path", () => {
    const titles = rb.sections.map((s) => s.title);
    expect(titles.slice(0, 5)).toEqual([
      "Overview",
      "Impact",
      "Immediate Response",
      "1. Assess Current Backup Status",
      "2. Identify Failed Component",
    ]);
    const assess = rb.sections.find((s) => s.title === "1. Assess Current Backup Status")!;
    expect(assess.path).toEqual(["Immediate Response", "1. Assess Current Backup Status"]);
    expect(assess.line).toBe(21);
  });

  it("finds commands with their comment as description and their source line", () => {
    const assess = rb.sections.find((s) => s.title === "1. Assess Current Backup Status")!;
    const cmds = sectionCommands(assess);
    expect(cmds.map((c) => c.text)).toEqual([
      "curl http://prometheus:9090/api/v1/query?query='backup_last_success_timestamp_seconds'",
      "ls -lth /path/to/backups/ | head -20",
      "df -h | grep backup",
    ]);
    expect(cmds[2]!.description).toBe("Verify backup storage availability");
    expect(seed.split("\n")[cmds[2]!.line - 1]).toBe("df -h | grep backup");
  });

  it("puts blocks nested in list items into their step", () => {
    const bgsave = rb.sections.find((s) => s.title === "Redis Backup Failure")!;
    const texts = sectionCommands(bgsave).map((c) => c.text);
    expect(texts).toContain("free -h");
    const free = sectionCommands(bgsave).find((c) => c.text === "free -h")!;
    expect(seed.split("\n")[free.line - 1]!.trim()).toBe("free -h");
  });

  it("keeps prose and code in source order, so a list item's label sits above its commands", () => {
    const redis = rb.sections.find((s) => s.title === "Redis Backup Failure")!;
    const flat = redis.content.map((i) => (i.kind === "prose" ? i.text : i.block.commands.map((c) => c.text).join(" ; ")));
    const label = flat.indexOf("3. BGSAVE Failures:");
    expect(label).toBeGreaterThan(0);
    expect(flat[label + 1]).toMatch(/^free -h ; /);
  });

  it("keeps continuations and loops as one command", () => {
    const texts = commandsOf(seed).map((c) => c.text);
    expect(texts).toContain(
      'docker exec corporate-intel-postgres psql -U $POSTGRES_USER -d $POSTGRES_DB -c \\\n  "SELECT pg_size_pretty(pg_database_size(\'$POSTGRES_DB\'));"',
    );
    const loop = texts.find((t) => t.startsWith("while"))!;
    expect(loop.split("\n")).toHaveLength(3);
    expect(loop.endsWith("done")).toBe(true);
    const dump = texts.find((t) => t.startsWith("docker exec corporate-intel-postgres pg_dump \\"))!;
    expect(dump.split("\n")).toHaveLength(5);
  });

  it("gives each command a unique id that survives edits elsewhere in the file", () => {
    const ids = commandsOf(seed).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const edited = seed.replace("## Overview\n", "## Overview\n\nAn extra paragraph.\n\n```bash\necho extra\n```\n");
    const df = commandsOf(seed).find((c) => c.text === "df -h | grep backup")!;
    const dfAfter = commandsOf(edited).find((c) => c.text === "df -h | grep backup")!;
    expect(dfAfter.id).toBe(df.id);
    expect(dfAfter.line).toBe(df.line + 6);
    expect(findCommand(parseRunbook(edited).sections, df.id)?.command.text).toBe("df -h | grep backup");
  });

  it("never makes commands of comment-only blocks", () => {
    const prevention = rb.sections.find((s) => s.title === "Prevention & Hardening")!;
    expect(codeBlocks(prevention)).toHaveLength(1);
    expect(codeBlocks(prevention)[0]!.commands).toEqual([]);
  });
});

describe("parseRunbook on other dialects", () => {
  it("prefers front matter and reads console prompts only", () => {
    const md = [
      "---",
      "title: Disk full",
      "severity: warning",
      "alerts: [NodeDiskFull, NodeDiskAlmostFull]",
      "---",
      "# Runbook: ignored title",
      "## Check",
      "```console",
      "$ df -h /",
      "Filesystem  Size  Used",
      "/dev/sda1   10G   9G",
      "# whoami",
      "root",
      "```",
      "```yaml",
      "a: 1",
      "```",
    ].join("\n");
    const rb = parseRunbook(md);
    expect(rb.meta.title).toBe("Disk full");
    expect(rb.meta.alerts).toEqual(["NodeDiskFull", "NodeDiskAlmostFull"]);
    const [consoleBlock, yamlBlock] = codeBlocks(rb.sections[0]!);
    expect(consoleBlock!.commands.map((c) => c.text)).toEqual(["df -h /", "whoami"]);
    expect(yamlBlock!.runnable).toBe(false);
    expect(yamlBlock!.commands).toEqual([]);
  });

  it("rejects broken front matter with a message that says so", () => {
    expect(() => parseRunbook("---\ntitle: [unclosed\n---\n# X\n")).toThrow(/Front matter is not valid YAML/);
  });

  // The corpus sits beside the repository (shared/), as in CI; a lone clone skips this visibly.
  const root = path.resolve("../shared/corpus");
  it.skipIf(!existsSync(root))("parses every runbook of the public corpus without throwing", () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith(".md")) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(300);
    let commands = 0;
    for (const f of files) {
      const rb = parseRunbook(readFileSync(f, "utf8"));
      expect(rb.meta.title, f).not.toBe("");
      commands += rb.sections.reduce((n, s) => n + sectionCommands(s).length, 0);
    }
    expect(commands).toBeGreaterThan(500);
  });
});
