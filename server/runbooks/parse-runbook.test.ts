import { describe, expect, it } from "vitest";
import { allCommands, codeBlocks, type RunbookCommand } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

const fence = (lang: string, ...lines: string[]) => ["```" + lang, ...lines, "```"].join("\n");
const doc = (...parts: string[]) => ["# T", "## Step", ...parts].join("\n\n");
async function commands(...parts: string[]): Promise<RunbookCommand[]> {
  return allCommands(await parseRunbook(doc(...parts)));
}
async function one(...lines: string[]): Promise<RunbookCommand> {
  const cmds = await commands(fence("bash", ...lines));
  expect(cmds).toHaveLength(1);
  return cmds[0]!;
}

describe("splitting blocks into logical commands", () => {
  it("keeps continuations, trailing && and |, loops, ifs, heredocs and multi-line quotes whole", async () => {
    const cmds = await commands(
      fence(
        "bash",
        "kubectl get pods \\",
        "  -n kube-system",
        "make build &&",
        "  make test",
        "ps aux |",
        "  grep java",
        "for f in /tmp/*.log; do",
        '  wc -l "$f"',
        "done",
        "if pgrep nginx; then",
        "  echo up",
        "fi",
        "cat <<EOF > /tmp/x.conf",
        "a = 1",
        "EOF",
        'echo "one',
        'two"',
      ),
    );
    expect(cmds.map((c) => c.text.split("\n").length)).toEqual([2, 2, 2, 3, 3, 3, 2]);
    expect(cmds.map((c) => c.line)).toEqual([6, 8, 10, 12, 15, 18, 21]);
  });

  it("keeps statements written on one line as one step, analysed together", async () => {
    const cmds = await commands(fence("bash", "echo $X; X=1; echo $X", "cd /srv && ls; rm -f /tmp/lock", "echo next"));
    expect(cmds.map((c) => c.text)).toEqual(["echo $X; X=1; echo $X", "cd /srv && ls; rm -f /tmp/lock", "echo next"]);
    expect(cmds[0]!.variables.map((v) => v.name)).toEqual(["X"]);
    expect(cmds[1]!.risk).toBe("destructive");
  });

  it("splits console transcripts into prompted commands and their sample output", async () => {
    const [a, b, c] = await commands(
      fence(
        "console",
        "$ df -h /",
        "Filesystem  Size  Used",
        "/dev/sda1   10G   9G",
        "$ kubectl get pods \\",
        ">   -A",
        "# whoami",
        "root",
      ),
    );
    expect(a).toMatchObject({ text: "df -h /", sampleOutput: "Filesystem  Size  Used\n/dev/sda1   10G   9G", line: 6 });
    expect(b).toMatchObject({ text: "kubectl get pods \\\n  -A", sampleOutput: null, line: 9 });
    expect(c).toMatchObject({ text: "whoami", sampleOutput: "root", line: 11 });
  });

  it("treats a ```bash block of `$ ` prompts as a transcript, and an unprompted console block as shell", async () => {
    expect((await commands(fence("bash", "$ uptime", " 10:00 up 3 days"))).map((c) => [c.text, c.sampleOutput])).toEqual([
      ["uptime", " 10:00 up 3 days"],
    ]);
    expect((await commands(fence("console", "oc get nodes"))).map((c) => c.text)).toEqual(["oc get nodes"]);
  });

  it("runs unlabeled blocks only when they read as shell, keeping their pasted output as sample", async () => {
    const rb = await parseRunbook(
      doc(fence("", "systemctl status nginx", "Active: active (running)"), fence("", "Just some text: not (a command")),
    );
    const [shell, text] = codeBlocks(rb.sections[0]!);
    expect(shell!.commands.map((c) => [c.text, c.sampleOutput])).toEqual([["systemctl status nginx", "Active: active (running)"]]);
    expect(text).toMatchObject({ kind: "other", runnable: false, commands: [] });
  });

  it("shows yaml, json, sql and promql without making them runnable, and marks promql as a query", async () => {
    const rb = await parseRunbook(
      doc(fence("yaml", "rm: -rf"), fence("json", "{}"), fence("sql", "DROP TABLE x;"), fence("promql", "up == 0")),
    );
    expect(codeBlocks(rb.sections[0]!).map((b) => [b.lang, b.kind, b.runnable, b.commands.length])).toEqual([
      ["yaml", "other", false, 0],
      ["json", "other", false, 0],
      ["sql", "other", false, 0],
      ["promql", "promql", false, 0],
    ]);
  });

  it("ignores a comment on the command's own line as a description of the next", async () => {
    const cmds = await commands(fence("bash", "# first", "ls # trailing", "pwd"));
    expect(cmds.map((c) => [c.text, c.description])).toEqual([
      ["ls", "first"],
      ["pwd", ""],
    ]);
  });
});

describe("variables", () => {
  it("finds $X, ${X} and ${X:-default}, the last optional, and marks secrets by name", async () => {
    const c = await one('curl -H "Authorization: $API_TOKEN" "https://${HOST}/x?n=${LIMIT:-10}"');
    expect(c.variables).toEqual([
      { name: "API_TOKEN", secret: true, optional: false },
      { name: "HOST", secret: false, optional: false },
      { name: "LIMIT", secret: false, optional: true },
    ]);
  });

  it("skips what the block sets first: assignments, for, read", async () => {
    const cmds = await commands(
      fence("bash", "NS=prod", "kubectl -n $NS get pods", "for p in a b; do echo $p $Q; done", "read -r NAME", "echo $NAME"),
    );
    expect(cmds.flatMap((c) => c.variables.map((v) => v.name))).toEqual(["Q"]);
  });

  it("does not carry assignments from one block to the next", async () => {
    const cmds = await commands(fence("bash", "NS=prod"), fence("bash", "echo $NS"));
    expect(cmds[1]!.variables.map((v) => v.name)).toEqual(["NS"]);
  });

  it("ignores single quotes, backslash escapes, specials, positionals and the usual environment", async () => {
    const c = await one("echo '$NOPE' \\$ALSO_NOPE $HOME $PATH $1 $? $$ $# $@ \"$REAL\"");
    expect(c.variables.map((v) => v.name)).toEqual(["REAL"]);
  });

  it("lets front matter declare variables with description, default and secret", async () => {
    const rb = await parseRunbook(
      [
        "---",
        "variables:",
        "  DB:",
        "    description: Database name",
        "    default: app",
        "  SIGNING:",
        "    secret: true",
        "---",
        "# T",
        "## S",
        fence("bash", "psql -d $DB -c 'select 1' $SIGNING"),
      ].join("\n"),
    );
    expect(rb.variables).toEqual([
      { name: "DB", secret: false, optional: true, usedBy: [expect.any(String)], description: "Database name", default: "app", from: null },
      { name: "SIGNING", secret: true, optional: false, usedBy: [expect.any(String)], description: null, default: null, from: null },
    ]);
    expect(allCommands(rb)[0]!.variables.find((v) => v.name === "SIGNING")!.secret).toBe(true);
    expect(rb.diagnostics.filter((d) => d.rule === "undefined-variable")).toEqual([]);
  });
});

describe("variables from an alert", () => {
  it("reads from: labels.x / annotations.y with an optional pattern, and group: true", async () => {
    const rb = await parseRunbook(
      [
        "---",
        "group: true",
        "variables:",
        "  NAMESPACE: { from: labels.namespace }",
        "  HOST: { from: labels.instance, pattern: '^([^:]+)' }",
        "  BAD: { from: labels }",
        "---",
        "# T",
        "## S",
        fence("bash", 'echo "$NAMESPACE $HOST"'),
      ].join("\n"),
    );
    expect(rb.meta.group).toBe(true);
    expect(rb.variables.filter((v) => v.from).map((v) => [v.name, v.from])).toEqual([
      ["NAMESPACE", { source: "labels", key: "namespace", pattern: null }],
      ["HOST", { source: "labels", key: "instance", pattern: "^([^:]+)" }],
    ]);
    expect(rb.diagnostics.filter((d) => d.rule === "front-matter").map((d) => d.message)).toEqual([
      "Front matter variables.BAD.from: from is labels.<name> or annotations.<name> (ignored)",
    ]);
  });
});

describe("placeholders", () => {
  it("finds <angle> values, capitalised stand-ins, example.com hosts and /path/to paths", async () => {
    const c = await one("oc logs <pod-name> -n openshift-monitoring --token YOUR_TOKEN --server https://api.example.com /path/to/ca.crt");
    expect(c.placeholders).toEqual([
      { text: "<pod-name>", kind: "angle" },
      { text: "YOUR_TOKEN", kind: "caps" },
      { text: "api.example.com", kind: "example-host" },
      { text: "/path/to/ca.crt", kind: "example-path" },
    ]);
    // The angle placeholder is not read as a redirect from a file named "pod-name".
    expect(c.risk).toBe("read-only");
  });
});

describe("risk", () => {
  const risk = async (...lines: string[]) => (await one(...lines)).risk;

  it("is read from the parsed command, not from substrings of the text", async () => {
    expect(await risk("echo 'rm -rf /'")).toBe("read-only");
    expect(await risk("grep -r DROP /var/log/app")).toBe("read-only");
    expect(await risk("ls /tmp/rm")).toBe("read-only");
    expect(await risk("rm -rf /tmp/cache")).toBe("destructive");
    expect(await risk("sudo -u postgres rm /var/lib/x")).toBe("destructive");
  });

  it("classifies writes, redirects and wrapped commands", async () => {
    expect(await risk("echo 1 > /tmp/flag")).toBe("mutating");
    expect(await risk("echo 1 >> /etc/hosts")).toBe("mutating");
    expect(await risk("echo '' > /etc/fstab")).toBe("destructive");
    expect(await risk("kubectl exec -it pod -- redis-cli FLUSHALL")).toBe("destructive");
    expect(await risk('bash -c "psql -c \\"TRUNCATE events\\""')).toBe("destructive");
    expect(await risk("redis-cli CONFIG SET save ''")).toBe("mutating");
    expect(await risk("kubectl get pods | xargs kubectl delete pod")).toBe("destructive");
    expect(await risk("systemctl restart nginx")).toBe("mutating");
    expect(await risk("systemctl status nginx")).toBe("read-only");
  });

  it("takes a WARNING about data loss in a comment or the paragraph above as destructive", async () => {
    const [commented] = await commands(fence("bash", "# WARNING: irreversible data loss", "redis-cli SAVE"));
    expect(commented).toMatchObject({ risk: "destructive", riskRule: "warning-comment" });
    const [para] = await commands("**WARNING:** this permanently deletes the data.", fence("bash", "mc admin heal minio"));
    expect(para).toMatchObject({ risk: "destructive", riskRule: "warning-paragraph" });
  });

  it("lets an info-string annotation or front matter raise the classification", async () => {
    const [annotated] = await commands(fence("bash {risk=destructive}", "./reset-cluster.sh --test"));
    expect(annotated).toMatchObject({ risk: "destructive", riskRule: "annotation" });
    const rb = await parseRunbook(["---", "risk:", "  'df -h': mutating", "---", "# T", "## S", fence("bash", "df -h /")].join("\n"));
    expect(allCommands(rb)[0]).toMatchObject({ risk: "mutating", riskRule: "front-matter" });
  });

  it("never lets a declaration lower the risk: the higher one holds, the card says so and lint reports an error", async () => {
    const rb = await parseRunbook(
      [
        "---",
        "risk:",
        "  'rm -rf /tmp/scratch': mutating",
        "---",
        "# T",
        "## S",
        fence("bash", "rm -rf /tmp/scratch/*"),
        fence("bash {risk=read-only}", "rm -rf /"),
        "**WARNING:** this permanently deletes the data.",
        fence("bash {risk=read-only}", "mc admin heal minio"),
      ].join("\n"),
    );
    const [scratch, root, warned] = allCommands(rb);
    expect(scratch).toMatchObject({ risk: "destructive", riskReason: expect.stringMatching(/^declared mutating, looks destructive: /) });
    expect(root).toMatchObject({ risk: "destructive", riskReason: expect.stringMatching(/^declared read-only, looks destructive: /) });
    expect(warned).toMatchObject({
      risk: "destructive",
      riskReason: "declared read-only, looks destructive: the WARNING above this block says it can lose data",
    });
    expect(rb.diagnostics.filter((d) => d.rule === "risk-downgrade").map((d) => [d.severity, d.line])).toEqual([
      ["error", 8],
      ["error", 11],
      ["error", 15],
    ]);
  });

  it("reads only whole {…} attributes: risk=… inside another attribute's value is not a declaration", async () => {
    const [titled] = await commands(fence('bash {title="no-risk=read-only"}', "rm -rf /srv/app"));
    expect(titled).toMatchObject({ risk: "destructive" });
    const [bare] = await commands(fence("bash risk=read-only", "rm -rf /srv/app"));
    expect(bare).toMatchObject({ risk: "destructive" });
    const [timed] = await commands(fence("bash {timeout=30m risk=mutating}", "./deploy.sh"));
    expect(timed).toMatchObject({ risk: "mutating", timeoutSeconds: 1800 });
  });

  it("warns about a destructive command nothing warns of, but not about one under a warning", async () => {
    const rb = await parseRunbook(
      doc(fence("bash", "rm -rf /var/lib/app"), "Be careful: this cannot be undone. **WARNING**", fence("bash", "rm -rf /var/lib/other")),
    );
    expect(rb.diagnostics.filter((d) => d.rule === "destructive-without-warning").map((d) => d.line)).toEqual([6]);
  });
});

describe("metadata and structure", () => {
  it("prefers front matter, reads Hugo-style keys, and strips a 'Runbook:' prefix from the H1", async () => {
    const front = await parseRunbook(
      ["---", "title: Disk full", "weight: 20", "alerts: [A, B]", "severity: warning", "---", "# Runbook: ignored"].join("\n"),
    );
    expect(front.meta).toMatchObject({ title: "Disk full", alerts: ["A", "B"], severity: "warning" });
    expect((await parseRunbook("# Runbook: Disk full\n")).meta.title).toBe("Disk full");
  });

  it("takes escalateAfter from front matter over the Escalation sentence", async () => {
    const rb = await parseRunbook(
      ["---", "escalateAfter: 45m", "---", "# T", "## Escalation", "Escalate if not fixed within 3 hours."].join("\n"),
    );
    expect(rb.escalation).toEqual({ afterMinutes: 45, text: "escalateAfter: 45m", line: 1 });
    expect((await parseRunbook("# T\n## Escalation\n\nPage the DBA if not fixed within 30 minutes.\n")).escalation).toMatchObject({
      afterMinutes: 30,
      line: 4,
    });
    expect((await parseRunbook("# T\n## Escalation\n\nPage the DBA.\n")).escalation).toBeNull();
  });

  it("reports broken front matter and still parses the rest", async () => {
    const rb = await parseRunbook("---\ntitle: [unclosed\n---\n# X\n## S\n\n" + fence("bash", "ls"));
    expect(rb.diagnostics[0]).toMatchObject({ severity: "error", rule: "front-matter", line: 1 });
    expect(rb.meta.title).toBe("X");
    expect(allCommands(rb)).toHaveLength(1);
  });

  it("renders prose safely: no raw HTML or script links, external links in a new tab", async () => {
    const rb = await parseRunbook(
      doc('See [docs](https://example.org/x) <script>alert(1)</script> [bad](javascript:alert(1)) <img src=x onerror="alert(1)">'),
    );
    const prose = rb.sections[0]!.content[0]!;
    expect(prose.kind).toBe("prose");
    const html = prose.kind === "prose" ? prose.html : "";
    expect(html).toMatch(/<a href="https:\/\/example.org\/x" (?=[^>]*target="_blank")(?=[^>]*rel="noopener noreferrer")[^>]*>docs<\/a>/);
    expect(html).not.toMatch(/<script|javascript:|onerror|<img/);
  });

  it("makes task lists check items anywhere, and gives repeated headings distinct ids", async () => {
    const rb = await parseRunbook(["# T", "## Check", "- [ ] page the DBA", "- [x] open a ticket", "## Check"].join("\n"));
    expect(rb.sections.map((s) => s.id)).toEqual(["check", "check-2"]);
    const list = rb.sections[0]!.content[0]!;
    expect(list.kind === "checklist" && list.items.map((i) => i.text)).toEqual(["page the DBA", "open a ticket"]);
    expect(rb.diagnostics).toContainEqual(expect.objectContaining({ rule: "empty-section", line: 5 }));
  });

  it("keeps text before the first heading as an Introduction step", async () => {
    const rb = await parseRunbook("Restart the thing:\n\n" + fence("bash", "systemctl restart thing"));
    expect(rb.sections.map((s) => s.title)).toEqual(["Introduction"]);
    expect(allCommands(rb)[0]!.section).toEqual(["Introduction"]);
  });

  it("reports shell the parser cannot read, with its message and line", async () => {
    const rb = await parseRunbook(doc(fence("bash", "ls", "if [ -f x ]; then", "  echo")));
    expect(rb.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "error",
        rule: "unparseable-shell",
        message: expect.stringMatching(/^bash cannot parse this block: syntax error/),
      }),
    );
  });
});
