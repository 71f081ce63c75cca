// `npm start` must work on a fresh clone and after a `git pull`, yet not pay for a 25 s build
// when nothing changed: build only when the sources differ from those of the last build.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildServer, SERVER_BUNDLE } from "./build-server";

const ROOTS = [
  "app",
  "server",
  "server.ts",
  "scripts/build-server.ts",
  "public",
  "package.json",
  "package-lock.json",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
];
const SKIP = new Set(["node_modules", ".next", "generated", "data"]);
const STAMP = ".next/runlog-build-stamp";

function* files(p: string): Generator<string> {
  if (!existsSync(p)) return;
  if (statSync(p).isFile()) {
    yield p;
    return;
  }
  for (const name of readdirSync(p).sort()) if (!SKIP.has(name)) yield* files(path.join(p, name));
}

const hash = createHash("sha256");
for (const root of ROOTS) for (const f of files(root)) hash.update(f).update("\0").update(readFileSync(f)).update("\0");
const digest = hash.digest("hex");

if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === digest && existsSync(".next/BUILD_ID") && existsSync(SERVER_BUNDLE)) {
  console.log("runlog: build is up to date");
} else {
  console.log("runlog: building the app (next build, then the server bundle)…");
  const result = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  await buildServer();
  writeFileSync(STAMP, digest);
}
