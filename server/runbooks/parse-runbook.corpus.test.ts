import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allCommands, codeBlocks, ZRunbook, type Runbook } from "../shared/runbook";
import { parseRunbook } from "./parse-runbook";

// The corpus sits beside the repository (../shared), as in CI; a lone clone skips this visibly.
const root = path.resolve("../shared/corpus");
const file = (rel: string) => readFileSync(path.join(root, rel), "utf8");
const openshift = "openshift-runbooks/alerts";
const operator = "prometheus-operator-runbooks/content/runbooks";

describe.skipIf(!existsSync(root))("the public runbook corpus", () => {
  it("parses every file without throwing, into a valid model", { timeout: 120_000 }, async () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith(".md")) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThanOrEqual(389);
    let commands = 0;
    for (const f of files) {
      const rb = await parseRunbook(readFileSync(f, "utf8"));
      expect(ZRunbook.safeParse(rb).success, f).toBe(true);
      commands += allCommands(rb).length;
    }
    expect(commands).toBeGreaterThan(1000);
  });

  it("splits a console block inside a bullet list into prompted commands and sample output", async () => {
    const rb = await parseRunbook(file(`${openshift}/cluster-monitoring-operator/PrometheusRemoteStorageFailures.md`));
    const block = rb.sections.flatMap(codeBlocks).find((b) => b.text.includes("Failed to send batch"))!;
    expect(block.kind).toBe("console");
    expect(block.commands.map((c) => [c.line, c.text, c.sampleOutput])).toEqual([
      [28, "NAMESPACE='<value of namespace label from alert>'", null],
      [30, "oc -n $NAMESPACE logs -l 'app.kubernetes.io/component=prometheus'", 'level=error ... msg="Failed to send batch, retrying" ...'],
    ]);
    // NAMESPACE is set by the first command, so the second needs nothing; the value is a stand-in.
    expect(block.commands[1]!.variables).toEqual([]);
    expect(block.commands[0]!.placeholders).toEqual([{ text: "<value of namespace label from alert>", kind: "angle" }]);
    expect(block.commands[0]!.section).toEqual(["Diagnosis"]);
  });

  it("keeps a command nested in a bullet list in that list item's step, after its label", async () => {
    const rb = await parseRunbook(file(`${openshift}/cluster-monitoring-operator/KubeNodeNotReady.md`));
    const cmd = allCommands(rb).find((c) => c.text === "oc get node $NODE -o yaml")!;
    expect(cmd).toMatchObject({ line: 31, risk: "read-only", variables: [{ name: "NODE", secret: false, optional: false }] });
    const section = rb.sections.find((s) => s.path.join("/") === cmd.section.join("/"))!;
    const at = section.content.findIndex((i) => i.kind === "code" && i.block.commands.includes(cmd));
    expect(section.content[at - 1]!.kind).toBe("prose");
  });

  it("shows yaml and promql blocks without making them runnable", async () => {
    const yaml = codeBlocks(
      (await parseRunbook(file(`${openshift}/openshift-container-storage-operator/ObcQuotaObjectsAlert.md`))).sections.find((s) =>
        codeBlocks(s).some((b) => b.lang === "yaml"),
      )!,
    );
    expect(yaml.find((b) => b.lang === "yaml")).toMatchObject({ kind: "other", runnable: false, commands: [] });
    const rb: Runbook = await parseRunbook(file(`${operator}/node/NodeFilesystemSpaceFillingUp.md`));
    const promql = rb.sections.flatMap(codeBlocks).find((b) => b.lang === "promql")!;
    expect(promql).toMatchObject({ kind: "promql", runnable: false, commands: [], text: "node_filesystem_free_bytes", line: 43 });
  });

  it("reads Hugo front matter for the title, ignoring Hugo's own keys", async () => {
    const rb = await parseRunbook(file(`${operator}/node/NodeRAIDDiskFailure.md`));
    expect(rb.meta.title).toBe("Node RAID Disk Failure");
    expect(rb.diagnostics.filter((d) => d.rule === "front-matter")).toEqual([]);
  });
});
