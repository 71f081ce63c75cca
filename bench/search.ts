import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { listRunbooks } from "../server/runbooks/catalog";
import { searchRunbooks } from "../server/runbooks/runbook-search";
import { SEARCH_RESULTS_MAX } from "../server/shared/runbook-search";
import { layOutCorpus } from "../server/testing/corpus-catalog";

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/**
 * Search as the home page's box does it: every prefix of what someone types, one search each, over
 * the whole corpus as one catalog. Server time as the procedure reports it (the folder check
 * included); the first search also builds the catalog and the index.
 */
export async function benchSearch(corpus: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "runlog-bench-search-"));
  try {
    const files = await layOutCorpus(dir, corpus);
    const cold = (await searchRunbooks(dir, "x", SEARCH_RESULTS_MAX)).tookMs;
    const typed = [
      "KubePodCrashLooping",
      "etcd leader",
      "node filesystem",
      "oc get pods",
      "ceph osd",
      "certificate expir",
      "backup",
      "prometheus rule",
    ];
    const times: number[] = [];
    for (let round = 0; round < 5; round++)
      for (const words of typed)
        for (let n = 1; n <= words.length; n++) times.push((await searchRunbooks(dir, words.slice(0, n), SEARCH_RESULTS_MAX)).tookMs);
    const listed = (await listRunbooks(dir)).length;
    return {
      search_catalog_files: Math.min(files, listed),
      search_first_ms: cold,
      search_p50_ms: percentile(times, 50),
      search_p99_ms: percentile(times, 99),
      search_queries: times.length,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
