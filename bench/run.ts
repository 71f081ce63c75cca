import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchSearch } from "./search";
import { benchCorpusParse } from "./corpus-parse";
import { benchStream } from "./stream";
import { benchExport } from "./export";
import { benchTimeline, benchTimelinePostgres } from "./timeline";
import { benchAlerts } from "./alerts";
import { benchCluster } from "./cluster";
import { benchSshStream } from "./ssh-stream";

// `npm run bench [-- --json] [-- --only corpus|timeline|timeline-pg|export|stream|ssh|alerts|cluster]`: the figures recorded in BENCHMARKS.md.
const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, only: { type: "string" } } });
const want = (name: string) => !values.only || values.only === name;

const results: Record<string, unknown> = {
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
};

if (want("corpus")) {
  const corpus = path.resolve(process.env.RUNLOG_CORPUS_DIR ?? "../shared/corpus");
  if (existsSync(corpus)) Object.assign(results, await benchCorpusParse(corpus), await benchSearch(corpus));
  else console.error(`bench: no runbook corpus at ${corpus} (set RUNLOG_CORPUS_DIR); corpus figures skipped`);
}
if (want("timeline")) Object.assign(results, await benchTimeline());
if (want("timeline-pg")) Object.assign(results, await benchTimelinePostgres());
if (want("export")) Object.assign(results, await benchExport());
if (want("stream")) {
  // The streaming figures go through the production server and its pages: build them first.
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build-if-stale.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  Object.assign(results, await benchStream());
}

if (want("ssh")) {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build-if-stale.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  Object.assign(results, await benchSshStream());
}

if (want("alerts")) {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build-if-stale.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  Object.assign(results, await benchAlerts());
}

if (want("cluster")) {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build-if-stale.ts"], { stdio: ["ignore", "ignore", "inherit"] });
  Object.assign(results, await benchCluster());
}

if (values.json) {
  console.log(JSON.stringify(results));
} else {
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(24)} ${v}`);
}
