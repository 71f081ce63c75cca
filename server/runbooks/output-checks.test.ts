import { describe, expect, it } from "vitest";
import { allCommands, describeCheck } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

const doc = (...lines: string[]) => ["# T", "## Step", ...lines].join("\n");

describe("expected-output checks in the Markdown", () => {
  it("reads every form of expect line directly below a command, and leaves the command's text alone", async () => {
    const rb = await parseRunbook(
      doc(
        "```bash",
        "pg_isready -h db",
        "# expect: accepting connections",
        "# expect-not: ERROR",
        "# expect-exit: 0",
        "patronictl list",
        "# expect: /role: (leader|follower)/i",
        "# expect-not: /lag: [1-9]\\d{3,}/",
        "uptime",
        "```",
      ),
    );
    const [ready, list, uptime] = allCommands(rb);
    expect(ready!.text).toBe("pg_isready -h db");
    expect(ready!.checks).toEqual([
      { kind: "contains", value: "accepting connections", flags: "", line: 5 },
      { kind: "not-contains", value: "ERROR", flags: "", line: 6 },
      { kind: "exit", value: "0", flags: "", line: 7 },
    ]);
    expect(list!.checks).toEqual([
      { kind: "matches", value: "role: (leader|follower)", flags: "i", line: 9 },
      { kind: "not-matches", value: "lag: [1-9]\\d{3,}", flags: "", line: 10 },
    ]);
    // Without any expect line, exit 0 is success as before: no checks.
    expect(uptime!.checks).toEqual([]);
    expect(list!.checks.map(describeCheck)).toEqual(["expects: /role: (leader|follower)/i", "expects no: /lag: [1-9]\\d{3,}/"]);
    expect(rb.diagnostics.filter((d) => d.rule.includes("expect"))).toEqual([]);
  });

  it("takes {expect=…} attributes on a one-command block", async () => {
    const rb = await parseRunbook(doc('```bash {expect="accepting connections" expect-exit=0}', "pg_isready", "```"));
    expect(allCommands(rb)[0]!.checks).toEqual([
      { kind: "contains", value: "accepting connections", flags: "", line: 3 },
      { kind: "exit", value: "0", flags: "", line: 3 },
    ]);
  });

  it("lints: a regular expression that does not compile is an error at its line, an expect line under no command a warning", async () => {
    const rb = await parseRunbook(
      doc(
        "```bash",
        "# expect: before any command",
        "df -h",
        "# expect: /unclosed (group/",
        "# expect-exit: maybe",
        "",
        "# expect: after a blank line",
        "```",
        '```bash {expect="two commands"}',
        "ls",
        "pwd",
        "```",
      ),
    );
    expect(allCommands(rb)[0]!.checks).toEqual([]);
    expect(
      rb.diagnostics.filter((d) => d.rule === "bad-expect" || d.rule === "stray-expect").map((d) => [d.severity, d.rule, d.line]),
    ).toEqual([
      ["warning", "stray-expect", 4],
      ["error", "bad-expect", 6],
      ["error", "bad-expect", 7],
      ["warning", "stray-expect", 9],
      ["warning", "stray-expect", 11],
    ]);
    expect(rb.diagnostics.find((d) => d.line === 6)!.message).toMatch(/^The regular expression \/unclosed \(group\/ does not compile: /);
  });
});
