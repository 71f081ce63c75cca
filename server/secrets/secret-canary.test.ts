import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveRuns } from "../exec/live-run";
import { exportIncident } from "../export/export-incident";
import { createIncident } from "../incidents/create-incident";
import { getIncident } from "../incidents/get-incident";
import { setVariable } from "../incidents/set-variable";
import { parseContent } from "../runbooks/catalog";
import { startRun } from "../runs/start-run";
import { allCommands } from "../shared/runbook";
import { attachTestViewer } from "../testing/test-viewer";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { waitForRun } from "../testing/wait-for-run";
import { secretBox, SecretBox } from "./secret-box";
import { unpackOutput } from "../runs/stored-output";

// A value that must never appear in clear anywhere but the command's own environment.
const CANARY = "canary-7f3a9c1e-d00d";
const RUNBOOK = [
  "# Canary",
  "## Leak",
  "```bash",
  'echo "token=$CANARY_TOKEN"; printf "%s" "$CANARY_TOKEN" | base64; TOKEN_COPY="$CANARY_TOKEN"',
  'echo "copy is $TOKEN_COPY"',
  "```",
].join("\n");

let env: TempEnv;
beforeAll(async () => {
  env = await tempEnv();
});
afterAll(() => env.cleanup());

/** Every file of the data folder (database, its write-ahead log, run files), read raw. */
async function dataFolderBytes(dir: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    // A finished run's files are being removed while this reads: gone is fine.
    if (entry.isFile()) parts.push(await readFile(path.join(entry.parentPath, entry.name)).catch(() => Buffer.alloc(0)));
  }
  return Buffer.concat(parts);
}

describe("a secret canary", () => {
  it("is never in clear in the database, a viewer's stream, the incident view, the timeline or the export", async () => {
    const parsed = await parseContent(RUNBOOK);
    const [echo, copy] = allCommands(parsed.runbook);
    const { id: incidentId } = await createIncident(env.prisma, { slug: "canary", file: "canary.md", content: RUNBOOK, ...parsed }, "ann");
    await setVariable(env.prisma, "ann", { incidentId, name: "CANARY_TOKEN", value: CANARY, secret: true }, secretBox(env.cfg));

    const streams: Buffer[] = [];
    for (const [commandId, editedText] of [
      [echo!.id, undefined],
      [copy!.id, undefined],
      // Someone pastes the secret itself into an edit.
      [copy!.id, `echo "pasted ${CANARY}"`],
    ] as const) {
      const { runId } = await startRun(env.prisma, env.cfg, "ann", {
        incidentId,
        commandId,
        cols: 80,
        rows: 24,
        confirmed: "mutating",
        ...(editedText ? { editedText } : {}),
      });
      const viewer = attachTestViewer(liveRuns().get(runId)!);
      await viewer.ended;
      streams.push(viewer.bytes());
      await waitForRun(env.prisma, runId);
    }
    const seen = Buffer.concat(streams).toString();
    // The commands did use it: the masked marker shows where, and its base64 form is what base64 printed.
    expect(seen).toContain("token=••••••");
    expect(seen).toContain("copy is ••••••");
    expect(seen).toContain("pasted ••••••");
    expect(seen).toContain(Buffer.from(CANARY).toString("base64"));
    expect(seen).not.toContain(CANARY);

    // The run's files (its shell state on the way in and out) are removed once it is recorded.
    await expect.poll(async () => (await readdir(path.join(env.dir, "runs")).catch(() => [])).length).toBe(0);
    const view = await getIncident(env.prisma, incidentId);
    expect(JSON.stringify(view)).not.toContain(CANARY);
    for (const format of ["md", "json", "html"] as const) {
      const exported = (await exportIncident(env.prisma, incidentId, format)).body;
      expect(exported).toContain("••••••");
      expect(exported, format).not.toContain(CANARY);
    }
    // Stored output may be compressed, which the raw read below would not see through.
    for (const run of await env.prisma.run.findMany({ where: { incidentId } }))
      expect((await unpackOutput(run))?.toString() ?? "").not.toContain(CANARY);
    await env.prisma.$disconnect();
    expect((await dataFolderBytes(env.dir)).includes(Buffer.from(CANARY))).toBe(false);
  });

  it("keeps its key in a file only its owner can read, the same one on the next start", async () => {
    const { keyFile } = await import("./key-file");
    const first = keyFile(env.dir, "test.key");
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFile(env.dir, "test.key")).toBe(first);
    const { statSync } = await import("node:fs");
    expect(statSync(path.join(env.dir, "test.key")).mode & 0o777).toBe(0o600);
  });

  it("seals and opens values with a fresh IV each time, and refuses a wrong key", () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const a = box.seal("hello");
    expect(a).not.toBe(box.seal("hello"));
    expect(box.open(a)).toBe("hello");
    expect(box.open("written before encryption")).toBe("written before encryption");
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(a)).toThrow(/the secret key changed/);
  });
});
