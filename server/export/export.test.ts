import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseContent } from "../runbooks/catalog";
import { appendEvent } from "../timeline/append-event";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { flushAnchors } from "../timeline/chain-anchor";
import { exportIncident } from "./export-incident";
import { postmortemJsonSchema } from "./postmortem-json-schema";

const here = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(here, "golden");
const ROOT = path.resolve(here, "../..");

// A small incident with fixed ids and a fixed clock, written straight to the database, so that
// its export is byte-for-byte the same every time. UPDATE_GOLDEN=1 rewrites the golden files.
const RUNBOOK = `# Disk Full Drill
**Severity:** Critical

## Check
\`\`\`bash
# how full is it
df -h /data
echo "as $DB_USER with $DB_PASSWORD"
\`\`\`

## Escalation
If the disk cannot be freed within 1 hour, page the storage team.
- [ ] Page: storage on-call
- [ ] Post in #incidents

## Root Cause Analysis
1. **Capacity:**
   - Growth not forecast
   - Retention too long
2. **Process:**
   - Cleanup job disabled
`;
const ID = "inc_golden00000000";
const RUN = "run_golden00000001";
const at = (min: number, sec = 0) => new Date(Date.UTC(2026, 10, 24, 3, min, sec));

let env: TempEnv;
beforeAll(async () => {
  // A fixed secret key: the chain's HMAC (and so the golden files) is the same every run.
  env = await tempEnv({ RUNLOG_SECRET_KEY: "42".repeat(32) });
  const db = env.prisma;
  const { runbook, sha256 } = await parseContent(RUNBOOK);
  const [df] = runbook.sections.flatMap((s) => s.content.flatMap((c) => (c.kind === "code" ? c.block.commands : [])));
  const items = runbook.sections.flatMap((s) => s.content.flatMap((c) => (c.kind === "checklist" ? c.items : [])));
  await db.incident.create({
    data: {
      id: ID,
      title: runbook.meta.title,
      runbookSlug: "disk-full",
      runbookSha256: sha256,
      runbookContent: RUNBOOK,
      severity: "Critical",
      openedBy: "ann@example.com",
      openedAt: at(0),
    },
  });
  const ev = (actor: string, when: Date, body: Parameters<typeof appendEvent>[1]["body"], runId: string | null = null) =>
    appendEvent(db, { incidentId: ID, actor, at: when, body, runId });
  await ev("ann@example.com", at(0), {
    type: "incident.opened",
    payload: { title: runbook.meta.title, runbookSlug: "disk-full", runbookSha256: sha256 },
  });
  await ev("dana@example.com", at(1), { type: "commander.assigned", payload: { commander: "dana@example.com" } });
  await db.incidentVariable.createMany({
    data: [
      { incidentId: ID, name: "DB_USER", value: "postgres", secret: false, setBy: "ann@example.com", setAt: at(2) },
      { incidentId: ID, name: "DB_PASSWORD", value: "enc:v1:not-the-password", secret: true, setBy: "ann@example.com", setAt: at(2) },
    ],
  });
  await ev("ann@example.com", at(2), { type: "variable.set", payload: { name: "DB_PASSWORD", secret: true, value: null } });
  const output = Array.from({ length: 30 }, (_, i) => `/dev/sdb${i} 100G 99G 1G 99% /data/${i}`).join("\n");
  await db.run.create({
    data: {
      id: RUN,
      incidentId: ID,
      commandId: df!.id,
      commandText: "df -h /data | sort",
      originalText: "df -h /data",
      startedBy: "ann@example.com",
      startedAt: at(3),
      finishedAt: at(3, 2),
      exitCode: 0,
      status: "exited",
      output: new Uint8Array(Buffer.from(output)),
      outputText: output,
      outputBytes: output.length,
    },
  });
  await ev("ann@example.com", at(3), {
    type: "command.edited",
    payload: { commandId: df!.id, originalText: "df -h /data", text: "df -h /data | sort" },
  });
  await ev(
    "ann@example.com",
    at(3),
    {
      type: "command.started",
      payload: { commandId: df!.id, text: "df -h /data | sort", section: ["Check"], kind: "command", originalText: "df -h /data" },
    },
    RUN,
  );
  await ev(
    "ann@example.com",
    at(3, 2),
    {
      type: "command.finished",
      payload: {
        commandId: df!.id,
        exitCode: 0,
        signal: null,
        durationMs: 2000,
        outputBytes: output.length,
        status: "exited",
        stoppedBy: null,
      },
    },
    RUN,
  );
  const [, echo] = runbook.sections.flatMap((s) => s.content.flatMap((c) => (c.kind === "code" ? c.block.commands : [])));
  await db.run.create({
    data: {
      id: "run_golden00000002",
      incidentId: ID,
      commandId: echo!.id,
      commandText: echo!.text,
      startedBy: "ann@example.com",
      startedAt: at(3, 30),
      finishedAt: at(3, 31),
      exitCode: 1,
      status: "exited",
      output: new Uint8Array(Buffer.from("as postgres with ••••••")),
      outputText: "as postgres with ••••••",
      outputBytes: 25,
    },
  });
  await ev(
    "ann@example.com",
    at(3, 30),
    {
      type: "command.started",
      payload: { commandId: echo!.id, text: echo!.text, section: ["Check"], kind: "command", originalText: null },
    },
    "run_golden00000002",
  );
  await ev(
    "ann@example.com",
    at(3, 31),
    {
      type: "command.finished",
      payload: { commandId: echo!.id, exitCode: 1, signal: null, durationMs: 1000, outputBytes: 25, status: "exited", stoppedBy: null },
    },
    "run_golden00000002",
  );
  await ev("ann@example.com", at(4), { type: "note.added", payload: { text: "/data at 99%: old WAL archives | need cleanup" } });
  await ev("dana@example.com", at(5), { type: "moment.flagged", payload: { seq: 5, label: "cause found" } });
  await ev("ann@example.com", at(6), { type: "checklist.checked", payload: { itemId: items[0]!.id, text: items[0]!.text, checked: true } });
  await ev("ann@example.com", at(7), {
    type: "step.marked",
    payload: { stepId: runbook.sections[1]!.id, title: runbook.sections[1]!.title, state: "skipped", reason: "not needed" },
  });
  await ev("dana@example.com", at(20), { type: "status.changed", payload: { from: "investigating", to: "mitigated", reason: null } });
  await ev("dana@example.com", at(45), { type: "status.changed", payload: { from: "mitigated", to: "resolved", reason: null } });
  await db.incident.update({
    where: { id: ID },
    data: { status: "resolved", mitigatedAt: at(20), resolvedAt: at(45), commander: "dana@example.com" },
  });
  // The head is anchored outside the database once its append committed: before exporting.
  await flushAnchors();
});
afterAll(() => env.cleanup());

const NOW = at(50);

describe("postmortem export", () => {
  for (const format of ["md", "json", "html"] as const) {
    it(`matches the golden ${format} file`, async () => {
      const file = await exportIncident(env.prisma, ID, format, NOW);
      const golden = path.join(GOLDEN, `postmortem.${format}`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, file.body);
      expect(file.body).toBe(readFileSync(golden, "utf8"));
      expect(file.filename).toBe(`postmortem-${ID}.${format}`);
    });
  }

  it("produces JSON that validates against the published JSON Schema, which is up to date", async () => {
    const published = readFileSync(path.join(ROOT, "public/postmortem.schema.json"), "utf8");
    expect(published, "run npm run schema:postmortem").toBe(postmortemJsonSchema());
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(published));
    const json = JSON.parse((await exportIncident(env.prisma, ID, "json", NOW)).body);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    // And it can fail: a wrong type is caught.
    expect(validate({ ...json, schemaVersion: 2 })).toBe(false);
  });

  it("tells the story: figures, escalation, edited command with both texts, excerpt with a marker, masked secrets, chain", async () => {
    const json = JSON.parse((await exportIncident(env.prisma, ID, "json", NOW)).body);
    expect(json.keyFigures).toMatchObject({
      toFirstActionMs: 60_000,
      toFirstCommandMs: 180_000,
      toMitigatedMs: 20 * 60_000,
      toResolvedMs: 45 * 60_000,
    });
    expect(json.escalation).toMatchObject({ afterMinutes: 60, deadline: "2026-11-24T04:00:00.000Z", passed: false });
    expect(json.commands[0]).toMatchObject({ text: "df -h /data | sort", runbookText: "df -h /data", exitCode: 0, variables: [] });
    expect(json.commands[0].output).toMatchObject({ lines: 30, omittedLines: 10, capped: false });
    expect(json.rootCauseAnalysis).toEqual([
      { group: "Capacity", item: "Growth not forecast" },
      { group: "Capacity", item: "Retention too long" },
      { group: "Process", item: "Cleanup job disabled" },
    ]);
    expect(json.chain.intact).toBe(true);
    const md = (await exportIncident(env.prisma, ID, "md", NOW)).body;
    expect(md).toContain("[… 10 lines omitted …]");
    expect(md).toContain("/dev/sdb29 100G 99G 1G 99% /data/29");
    expect(md).not.toContain("not-the-password");
    expect(md).toContain("old WAL archives \\| need cleanup");
    expect(json.commands[1]).toMatchObject({
      exitCode: 1,
      variables: [
        { name: "DB_PASSWORD", value: "••••••" },
        { name: "DB_USER", value: "postgres" },
      ],
    });
  });
});

describe("runlog export", () => {
  it("writes the log to a file or stdout, and says what is wrong with a bad call", async () => {
    const { runCli } = await import("../cli/run-cli");
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    // The CLI reads the database under RUNLOG_DATA_DIR, as on a server.
    const saved = { RUNLOG_DATA_DIR: process.env.RUNLOG_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
    Object.assign(process.env, env.cliEnv);
    try {
      const file = path.join(env.dir, "pm.json");
      expect(await runCli(["export", ID, "--format", "json", "--out", file], io)).toBe(0);
      expect(JSON.parse(readFileSync(file, "utf8")).incident.id).toBe(ID);
      expect(await runCli(["export", ID], io)).toBe(0);
      expect(out.join("\n")).toContain("# Postmortem log: Disk Full Drill");
      expect(await runCli(["export", ID, "--format", "pdf"], io)).toBe(2);
      expect(out.join("\n")).toContain("--format is one of md, json, html");
      expect(await runCli(["export", "inc_nosuchincident0"], io)).toBe(2);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
