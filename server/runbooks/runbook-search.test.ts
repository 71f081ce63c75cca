import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, layOutCorpus } from "../testing/corpus-catalog";
import { searchRunbooks, searchTerms } from "./runbook-search";

const SEED = path.resolve("../shared/seed/backup-failure.md");

describe("search terms", () => {
  it("splits camelCase, snake_case and digits apart and keeps the whole word", () => {
    expect(searchTerms("PostgreSQLBackupFailure pg_dump KubePodCrashLooping x509")).toEqual([
      "PostgreSQLBackupFailure",
      "Postgre",
      "SQL",
      "Backup",
      "Failure",
      "pg_dump",
      "pg",
      "dump",
      "KubePodCrashLooping",
      "Kube",
      "Pod",
      "Crash",
      "Looping",
      "x509",
      "x",
      "509",
    ]);
  });
});

describe.skipIf(!existsSync(CORPUS_DIR))("runbook search over the public corpus and the seed", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "runlog-search-"));
    const count = await layOutCorpus(dir);
    expect(count).toBeGreaterThan(380);
    await copyFile(SEED, path.join(dir, "backup-failure.md"));
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("finds a runbook by its alert name (the file name in the corpus) first", async () => {
    const { hits, total } = await searchRunbooks(dir, "KubePodCrashLooping", 10);
    expect(total).toBeGreaterThan(0);
    expect(hits[0]!.slug).toBe("kubernetes-KubePodCrashLooping");
    expect(hits[0]!.matched).toContain("file");
    expect(hits[0]!.title).toBe("Kube Pod Crash Looping");
  }, 60_000);

  it("ranks the alert name above a mention in commands, and finds parts of an alert name", async () => {
    const { hits } = await searchRunbooks(dir, "backup failure", 10);
    expect(hits[0]!.slug).toBe("backup-failure");
    expect(hits[0]!.matched).toEqual(expect.arrayContaining(["alerts", "title"]));
  });

  it("finds commands by their text and shows the line that matched", async () => {
    const { hits } = await searchRunbooks(dir, "pg_dump", 10);
    const seed = hits.find((h) => h.slug === "backup-failure");
    expect(seed?.matched).toContain("commands");
    expect(seed?.command).toMatch(/pg_dump/);
  });

  it("needs every word (as a prefix) to match, and takes a typo in a long word", async () => {
    const all = await searchRunbooks(dir, "backup", 25);
    const narrowed = await searchRunbooks(dir, "backup minio", 25);
    expect(narrowed.total).toBeGreaterThan(0);
    expect(narrowed.total).toBeLessThan(all.total);
    expect((await searchRunbooks(dir, "bacup failur", 5)).hits.map((h) => h.slug)).toContain("backup-failure");
    expect((await searchRunbooks(dir, "zzzqqqxx", 5)).total).toBe(0);
    expect((await searchRunbooks(dir, "   ", 5)).hits).toEqual([]);
  });

  it("sees a file added to the folder on the next search", async () => {
    await writeFile(
      path.join(dir, "disk-full.md"),
      "# Runbook: Quuxdisk full\n**Alert Name:** `QuuxDiskFull`\n## Check\n```bash\ndf -h\n```\n",
    );
    const { hits } = await searchRunbooks(dir, "quuxdisk", 5);
    expect(hits.map((h) => h.slug)).toEqual(["disk-full"]);
  });
});
