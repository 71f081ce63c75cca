import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseContent } from "../runbooks/catalog";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { createIncident } from "./create-incident";
import { listOpenIncidents, severityRank } from "./list-incidents";

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

const open = async (severity: string) => {
  const content = `# ${severity}\n**Severity:** ${severity}\n## S\ntext\n`;
  return (await createIncident(env.prisma, { slug: "s", file: "s.md", content, ...(await parseContent(content)) }, "ann")).id;
};

describe("the open incident list", () => {
  it("ranks free-text severities", () => {
    expect(["Critical (Page)", "P1", "warning", "info", "SEV-1", "High"].map(severityRank)).toEqual([0, 1, 2, 3, 0, 1]);
  });

  it("lists open incidents most urgent first, then oldest first, without resolved ones", async () => {
    const low = await open("info");
    const crit = await open("Critical (Page)");
    const high = await open("High");
    const crit2 = await open("SEV1");
    const done = await open("Critical");
    await env.prisma.incident.update({ where: { id: done }, data: { status: "resolved" } });
    const list = await listOpenIncidents(env.prisma);
    expect(list.map((i) => i.id)).toEqual([crit, crit2, high, low]);
    expect(list[0]!.lastActivity).toMatchObject({ type: "incident.opened", actor: "ann" });
  });
});
