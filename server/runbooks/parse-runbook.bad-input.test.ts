import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allCommands, ZRunbook } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

const seed = readFileSync(path.resolve("runbooks/backup-failure.md"), "utf8");
const rules = (rb: { diagnostics: { rule: string }[] }) => rb.diagnostics.map((d) => d.rule);

// Every case must give a model that passes its own schema: the UI and the CLI rely on it.
async function parsed(source: string) {
  const rb = await parseRunbook(source);
  expect(ZRunbook.safeParse(rb).success).toBe(true);
  return rb;
}

describe("bad input gives a best-effort parse plus diagnostics, never a crash", () => {
  it("an empty file", async () => {
    const rb = await parsed("");
    expect(rb.meta.title).toBe("Untitled runbook");
    expect(rb.sections).toEqual([]);
    expect(rules(rb)).toEqual(["no-title"]);
  });

  it("a file with no headings", async () => {
    const rb = await parsed("Restart nginx if it is down.\n\n```bash\nsystemctl restart nginx\n```\n");
    expect(rb.sections.map((s) => s.title)).toEqual(["Introduction"]);
    expect(allCommands(rb).map((c) => c.text)).toEqual(["systemctl restart nginx"]);
    expect(rules(rb)).toEqual(["no-title"]);
  });

  it("an unterminated fence", async () => {
    const rb = await parsed("# T\n## Check\n```bash\nuptime\n## Fix\nreboot\n");
    expect(rb.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", line: 3, rule: "unterminated-fence" }));
    expect(allCommands(rb).map((c) => c.text)).toContain("uptime");
  });

  it("binary bytes", async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const rb = await parsed(bytes.toString("utf8"));
    expect(rb.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", rule: "binary-content" }));
    const stray = await parsed("# T\n## S\nok\u0000ok\n");
    expect(stray.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", line: 3, rule: "binary-content" }));
  });

  it("a 10 MB file", { timeout: 60_000 }, async () => {
    const big = seed.repeat(Math.ceil(10_000_000 / seed.length));
    const rb = await parsed(big);
    expect(rb.meta.title).toBe("Backup Failure");
    expect(allCommands(rb).length).toBeGreaterThan(1000);
    expect(rb.diagnostics).toContainEqual(expect.objectContaining({ severity: "error", rule: "too-large" }));
  });

  it("deeply nested lists and quotes", { timeout: 60_000 }, async () => {
    const lists = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i * 2)}- level ${i}`).join("\n");
    const rb = await parsed(`# Deep\n## S\n${lists}\n`);
    expect(rb.sections).toHaveLength(1);
    expect(rules(rb)).toContain("deep-nesting");
    const quotes = await parsed(`# Deep\n## S\n${">".repeat(20_000)} deep\n`);
    expect(quotes.sections).toHaveLength(1);
  });

  it("headings and blocks that hold nothing", async () => {
    const rb = await parsed("# T\n##\n```bash\n```\n```\n```\n## \n");
    expect(rb.sections.map((s) => s.title)).toEqual(["(untitled)", "(untitled)"]);
    expect(allCommands(rb)).toEqual([]);
  });
});
