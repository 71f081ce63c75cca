import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseContent } from "../runbooks/catalog";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { checkItem } from "./check-item";
import { createIncident } from "./create-incident";
import { recordDueEscalations } from "./escalation-watch";
import { createPrisma } from "../db";
import { getIncident } from "./get-incident";

let env: TempEnv;
let id: string;
const seed = readFileSync(path.resolve("runbooks/backup-failure.md"), "utf8");

beforeAll(async () => {
  env = await tempEnv();
  id = (
    await createIncident(
      env.prisma,
      { slug: "backup-failure", file: "backup-failure.md", content: seed, ...(await parseContent(seed)) },
      "ann",
    )
  ).id;
});
afterAll(() => env.cleanup());

describe("escalation and the Escalation checklist", () => {
  it("records 'escalation due' once, when the seed's 2 hours have passed", async () => {
    const opened = (await env.prisma.incident.findUniqueOrThrow({ where: { id } })).openedAt.getTime();
    expect(await recordDueEscalations(env.prisma, new Date(opened + 119 * 60_000))).toEqual([]);
    if (env.cfg.databaseUrl) {
      // Two instances checking at the same moment (two connections racing on PostgreSQL): recorded
      // once. (Several instances need PostgreSQL; two SQLite connections in one process would
      // block each other's event loop, so SQLite checks it once.)
      const other = createPrisma(env.cfg);
      try {
        const both = await Promise.all([
          recordDueEscalations(env.prisma, new Date(opened + 121 * 60_000)),
          recordDueEscalations(other, new Date(opened + 121 * 60_000)),
        ]);
        expect(both.flat()).toEqual([id]);
      } finally {
        await other.$disconnect();
      }
    } else expect(await recordDueEscalations(env.prisma, new Date(opened + 121 * 60_000))).toEqual([id]);
    expect(await recordDueEscalations(env.prisma, new Date(opened + 180 * 60_000))).toEqual([]);
    const due = (await getIncident(env.prisma, id))!.events.filter((e) => e.type === "escalation.due");
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      actor: "runlog",
      payload: { afterMinutes: 120, rule: "If backups cannot be restored within 2 hours:" },
    });
  });

  it("records ticks and unticks of check items, and refuses items the runbook does not have", async () => {
    const escalation = (await parseContent(seed)).runbook.sections.find((s) => s.title === "Escalation")!;
    const page = escalation.content.flatMap((c) => (c.kind === "checklist" ? c.items : []))[0]!;
    await checkItem(env.prisma, "cmd", { incidentId: id, itemId: page.id, checked: true });
    await checkItem(env.prisma, "cmd", { incidentId: id, itemId: page.id, checked: false });
    const checks = (await getIncident(env.prisma, id))!.events.filter((e) => e.type === "checklist.checked");
    expect(checks.map((e) => e.type === "checklist.checked" && [e.payload.text, e.payload.checked])).toEqual([
      ["Page: Senior DevOps Engineer", true],
      ["Page: Senior DevOps Engineer", false],
    ]);
    await expect(checkItem(env.prisma, "cmd", { incidentId: id, itemId: "escalation/check-nope", checked: true })).rejects.toThrow(
      /no such check item/,
    );
  });
});

describe("marking steps", () => {
  it("records done and skipped (a skip needs a reason), and refuses unknown steps", async () => {
    const { markStep } = await import("./mark-step");
    await markStep(env.prisma, "ann", {
      incidentId: id,
      stepId: "recovery-testing",
      state: "skipped",
      reason: "quarterly, not during the incident",
    });
    await expect(markStep(env.prisma, "ann", { incidentId: id, stepId: "recovery-testing", state: "skipped" })).rejects.toThrow(
      /needs a reason/,
    );
    await expect(markStep(env.prisma, "ann", { incidentId: id, stepId: "no-such-step", state: "done" })).rejects.toThrow(/no such step/);
    const last = (await getIncident(env.prisma, id))!.events.at(-1)!;
    expect(last).toMatchObject({
      type: "step.marked",
      payload: { stepId: "recovery-testing", title: "Recovery Testing", state: "skipped", reason: "quarterly, not during the incident" },
    });
  });
});

describe("escalating", () => {
  it("records to whom the incident was escalated", async () => {
    const { escalate } = await import("./incident-roles");
    await escalate(env.prisma, "ann", { incidentId: id, to: "Senior DevOps Engineer (Kim)" });
    const last = (await getIncident(env.prisma, id))!.events.at(-1)!;
    expect(last).toMatchObject({ type: "escalation.escalated", actor: "ann", payload: { to: "Senior DevOps Engineer (Kim)" } });
  });
});
