import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "../incidents/create-incident";
import { tempEnv } from "../testing/temp-db";
import { listRunbooks, loadRunbook } from "./catalog";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runlog-catalog-"));
  await writeFile(path.join(dir, "good.md"), "# Runbook: Good\n**Severity:** High\n## Step\n```bash\nuptime\n```\n");
  await writeFile(path.join(dir, "broken.md"), "---\ntitle: [oops\n---\n# Broken\n");
  await writeFile(path.join(dir, "notes.txt"), "not a runbook");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("runbook catalog", () => {
  it("lists Markdown files, counting each one's errors and warnings instead of failing", async () => {
    const list = await listRunbooks(dir);
    expect(list.map((e) => e.slug)).toEqual(["broken", "good"]);
    const [broken, good] = list;
    expect(broken).toMatchObject({ ok: true, errors: 1, meta: { title: "Broken" } });
    expect(good).toMatchObject({ ok: true, errors: 0, warnings: 0, commandCount: 1, meta: { title: "Good", severity: "High" } });
  });

  it("loads a runbook by slug with its content hash, and nothing for unknown or unsafe slugs", async () => {
    const rb = await loadRunbook(dir, "good");
    expect(rb?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await loadRunbook(dir, "missing")).toBeNull();
    expect(await loadRunbook(dir, "../etc/passwd")).toBeNull();
  });

  it("ships the seed runbook byte for byte", async () => {
    const { readFile } = await import("node:fs/promises");
    const shipped = await readFile(path.resolve("runbooks/backup-failure.md"));
    const seed = await readFile(path.resolve("../shared/seed/backup-failure.md")).catch(() => null);
    if (seed) expect(shipped.equals(seed)).toBe(true);
    expect(shipped.length).toBeGreaterThan(0);
  });

  it("reads only the start of a huge file, lists it with its error, and refuses to open an incident on it", async () => {
    const huge = path.join(dir, "huge.md");
    await writeFile(huge, "# Huge\n## Step\n```bash\nuptime\n```\n" + "filler line of prose\n".repeat(2_500_000));
    const entry = (await listRunbooks(dir)).find((e) => e.slug === "huge")!;
    expect(entry).toMatchObject({ ok: true, meta: { title: "Huge" }, errors: 1 });
    const loaded = (await loadRunbook(dir, "huge"))!;
    expect(loaded.content.length).toBeLessThanOrEqual(512 * 1024);
    expect(loaded.runbook.diagnostics.find((d) => d.rule === "too-large")?.message).toMatch(
      /^The file has 5\d\.\d MB; only the first 512 KB/,
    );
    const env = await tempEnv();
    try {
      await expect(createIncident(env.prisma, loaded, "ann")).rejects.toThrow(/^No incident can be opened on huge.md: The file has/);
      expect(await env.prisma.incident.count()).toBe(0);
    } finally {
      await env.cleanup();
      await rm(huge);
    }
  });
});
