import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUser } from "../testing/test-user";
import { parseContent } from "../runbooks/catalog";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { ZodError } from "zod";
import { buildPostmortem } from "../export/build-postmortem";
import { keyFigures } from "../shared/timeline-figures";
import { describeZodError } from "../trpc/init";
import { createCaller } from "../trpc/root";
import { createIncident } from "./create-incident";
import { getIncident } from "./get-incident";

let env: TempEnv;
let id: string;
beforeAll(async () => {
  env = await tempEnv();
  const content = "# N\n## S\ntext\n";
  id = (await createIncident(env.prisma, { slug: "n", file: "n.md", content, ...(await parseContent(content)) }, "ann")).id;
});
afterAll(() => env.cleanup());

const caller = () => createCaller({ db: env.prisma, cfg: env.cfg, user: testUser("commander", "cmd") });
// What the person sees: over HTTP the error formatter turns zod issues into this sentence.
const message = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: TRPCError) => (e.cause instanceof ZodError ? describeZodError(e.cause) : e.message),
  );

describe("status changes and notes", () => {
  it("moves forward freely, needs a reason to go back, refuses a no-op; each change is an event", async () => {
    await caller().incidents.changeStatus({ incidentId: id, status: "mitigated" });
    await caller().incidents.changeStatus({ incidentId: id, status: "resolved" });
    expect(await message(caller().incidents.changeStatus({ incidentId: id, status: "investigating" }))).toBe(
      "Going back from resolved to investigating needs a reason: say what happened.",
    );
    expect(await message(caller().incidents.changeStatus({ incidentId: id, status: "resolved" }))).toBe(
      "The incident is already resolved.",
    );
    await caller().incidents.changeStatus({ incidentId: id, status: "investigating", reason: "backups failed again at 04:10" });
    const view = (await getIncident(env.prisma, id))!;
    expect(view.incident.status).toBe("investigating");
    expect(
      view.events
        .filter((e) => e.type === "status.changed")
        .map((e) => e.type === "status.changed" && [e.payload.from, e.payload.to, e.payload.reason]),
    ).toEqual([
      ["investigating", "mitigated", null],
      ["mitigated", "resolved", null],
      ["resolved", "investigating", "backups failed again at 04:10"],
    ]);
    expect(view.chain.ok).toBe(true);
    // Going back clears the resolution; the first mitigation stays (the key figures' definition).
    const firstMitigation = view.events.find((e) => e.type === "status.changed")!.at;
    expect(view.incident).toMatchObject({ mitigatedAt: firstMitigation, resolvedAt: null });
    expect(keyFigures(view.events)).toMatchObject({ mitigatedAt: firstMitigation, resolvedAt: null, toResolved: null });
    // The export says the same as the commander's view.
    const pm = await buildPostmortem(env.prisma, id);
    expect(pm.incident).toMatchObject({ mitigatedAt: firstMitigation.toISOString(), resolvedAt: null });
    expect(pm.keyFigures).toMatchObject({ toMitigatedMs: keyFigures(view.events).toMitigated, toResolvedMs: null });
  });

  it("stores when the incident was mitigated and resolved", async () => {
    const other = (await createIncident(env.prisma, { slug: "n", file: "n.md", content: "# N\n", ...(await parseContent("# N\n")) }, "ann"))
      .id;
    await caller().incidents.changeStatus({ incidentId: other, status: "mitigated" });
    const mitigated = (await getIncident(env.prisma, other))!;
    const at = mitigated.events.at(-1)!.at;
    expect(mitigated.incident).toMatchObject({ mitigatedAt: at, resolvedAt: null });
    await caller().incidents.changeStatus({ incidentId: other, status: "resolved" });
    const resolved = (await getIncident(env.prisma, other))!;
    expect(resolved.incident).toMatchObject({ mitigatedAt: at, resolvedAt: resolved.events.at(-1)!.at });
  });

  it("keeps notes up to 10 kB and says why a longer one is refused", async () => {
    await caller().incidents.addNote({ incidentId: id, text: "  disk at 98% on backup-01  " });
    const last = (await getIncident(env.prisma, id))!.events.at(-1)!;
    expect(last).toMatchObject({ type: "note.added", actor: "cmd", payload: { text: "disk at 98% on backup-01" } });
    expect(await message(caller().incidents.addNote({ incidentId: id, text: "é".repeat(6000) }))).toBe(
      "Invalid input: text: A note is at most 10 kB; this one is 12000 bytes. Split it, or keep long output in a command run.",
    );
    expect(await message(caller().incidents.addNote({ incidentId: id, text: "   " }))).toBe("Invalid input: text: The note is empty.");
  });
});

describe("severity, commander and key moments", () => {
  it("records each as an event and refuses what makes no sense", async () => {
    await caller().incidents.changeSeverity({ incidentId: id, severity: "SEV1", reason: "customer data at risk" });
    expect(await message(caller().incidents.changeSeverity({ incidentId: id, severity: "SEV1" }))).toBe("The severity is already SEV1.");
    expect(await message(caller().incidents.assignCommander({ incidentId: id, commander: "Dana" }))).toBe(
      "Invalid input: commander: Name the commander by the email of their Runlog account.",
    );
    expect(await message(caller().incidents.assignCommander({ incidentId: id, commander: "nobody@example.com" }))).toBe(
      "No active Runlog account nobody@example.com: the commander must be able to sign in.",
    );
    const now = new Date();
    for (const [email, role] of [
      ["dana@example.com", "commander"],
      ["ron@example.com", "responder"],
    ] as const)
      await env.prisma.user.create({ data: { id: `usr_${role}`, name: email, email, role, createdAt: now, updatedAt: now } });
    expect(await message(caller().incidents.assignCommander({ incidentId: id, commander: "ron@example.com" }))).toBe(
      "ron@example.com is a responder: only an account with the commander role can command.",
    );
    await caller().incidents.assignCommander({ incidentId: id, commander: "Dana@Example.com" });
    await caller().incidents.flagMoment({ incidentId: id, seq: 1, label: "first mitigation" });
    expect(await message(caller().incidents.flagMoment({ incidentId: id, seq: 999, label: "x" }))).toBe(
      `Incident ${id} has no event #999.`,
    );
    const view = (await getIncident(env.prisma, id))!;
    expect(view.incident.severity).toBe("SEV1");
    expect(view.events.slice(-3).map((e) => [e.type, e.payload])).toEqual([
      ["severity.changed", { from: "unknown", to: "SEV1", reason: "customer data at risk" }],
      ["commander.assigned", { commander: "dana@example.com" }],
      ["moment.flagged", { seq: 1, label: "first mitigation" }],
    ]);
    expect(view.chain.ok).toBe(true);
    expect(view.incident.commander).toBe("dana@example.com");
    // Everyone who acted, counted by the writer of their events (the opener's first).
    expect(view.participants.map((p) => [p.actor, p.events])).toEqual([
      ["ann", 1],
      ["cmd", view.events.filter((e) => e.actor === "cmd").length],
    ]);
  });
});
