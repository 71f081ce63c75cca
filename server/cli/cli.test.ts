import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-cli-"));
  await writeFile(path.join(dir, "a.md"), "# A\n\n**Alert Name:** `DiskFull`\n\n## Clean\n\n```bash\nrm -rf /var/lib/cache\n```\n");
  await writeFile(path.join(dir, "b.md"), "---\nalerts: [DiskFull]\n---\n# B\n\n## Check\n\n```bash\nif true; then\n```\n");
  await writeFile(path.join(dir, "ok.md"), "# Fine\n\n## Look\n\n```bash\nuptime\n```\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("runlog lint", () => {
  it("prints file:line: severity rule: message and exits 1 on errors, across files", async () => {
    const { code, out } = await cli("lint", dir);
    expect(code).toBe(1);
    expect(out.split("\n")).toEqual([
      `${path.join(dir, "a.md")}:3: error duplicate-alert: Alert DiskFull is also claimed by ${path.join(dir, "b.md")}: a page would match two runbooks.`,
      `${path.join(dir, "a.md")}:8: warning destructive-without-warning: \`rm -rf /var/lib/cache\` is destructive (rm deletes files recursively) but nothing near it warns the reader.`,
      `${path.join(dir, "b.md")}:2: error duplicate-alert: Alert DiskFull is also claimed by ${path.join(dir, "a.md")}: a page would match two runbooks.`,
      `${path.join(dir, "b.md")}:9: error unparseable-shell: bash cannot parse this block: syntax error at column 14: missing "fi"`,
    ]);
  });

  it("exits 0 when there are only warnings, and reports the seed's undefined LAST_SAVE", async () => {
    const { code, out, err } = await cli("lint", "runbooks/backup-failure.md");
    expect(code).toBe(0);
    expect(out).toContain("runbooks/backup-failure.md:252: warning undefined-variable: $LAST_SAVE is used but never set");
    expect(err).toBe("1 file(s): 0 error(s), 12 warning(s)");
    expect((await cli("lint", path.join(dir, "ok.md"))).out).toBe("");
  });

  it("says what is wrong with the command line, with exit 2 and no stack", async () => {
    expect(await cli("lint", path.join(dir, "missing"))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^runlog: .*missing: no such file or directory/),
    });
    expect(await cli("parse")).toMatchObject({ code: 2, err: expect.stringContaining("parse needs a file") });
    expect(await cli("parse", dir)).toMatchObject({ code: 2, err: expect.stringContaining("is a directory") });
    expect(await cli("frobnicate")).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') });
    expect(await cli("lint", "--bogus")).toMatchObject({ code: 2, err: expect.stringContaining("--bogus") });
  });
});

describe("runlog parse", () => {
  it("prints the documented JSON shape from the real entry point", { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), [
      "server/cli/main.ts",
      "parse",
      "runbooks/backup-failure.md",
      "--json",
    ]);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual([
      "title",
      "alerts",
      "severity",
      "component",
      "team",
      "approval",
      "group",
      "escalation",
      "sections",
      "commands",
      "variables",
      "diagnostics",
    ]);
    expect(json.sections[0]).toEqual({ id: "overview", title: "Overview", depth: 2, line: 8, path: ["Overview"] });
    const loop = json.commands.find((c: { text: string }) => c.text.startsWith("while"));
    expect(loop).toMatchObject({
      section: ["Manual Backup Execution", "Redis Manual Backup"],
      line: 252,
      description: "Wait for completion",
      lang: "bash",
      risk: "read-only",
      variables: [{ name: "LAST_SAVE", secret: false, optional: false }],
      placeholders: [],
    });
    expect(loop.id).toMatch(/^manual-backup-execution\/redis-manual-backup\/[0-9a-f]{12}$/);
    expect(json.variables[0]).toMatchObject({ name: "POSTGRES_USER", secret: false, optional: false });
    expect(json.diagnostics[0]).toEqual({ severity: "warning", line: 28, rule: "placeholder", message: expect.any(String) });
  });

  it("prints a readable outline without --json", async () => {
    const { code, out } = await cli("parse", "runbooks/backup-failure.md");
    expect(code).toBe(0);
    expect(out).toContain('      78: [destructive] find /var/backups/postgres -name "*.sql.gz" -mtime +30 -delete');
  });
});
