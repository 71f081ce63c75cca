import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchCorpusParse } from "./corpus-parse";

// `npm run bench [-- --json]`: the speed figures recorded in BENCHMARKS.md.
const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const corpus = path.resolve(process.env.RUNLOG_CORPUS_DIR ?? "../shared/corpus");
if (!existsSync(corpus)) {
  console.error(`bench: no runbook corpus at ${corpus} (set RUNLOG_CORPUS_DIR)`);
  process.exit(2);
}

const results = {
  machine: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
  ...(await benchCorpusParse(corpus)),
};

if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(24)} ${v}`);
}
