// The custom server compiled ahead of time: `npm run serve` runs plain JavaScript with node, so a
// production process loads neither tsx's loader nor the TypeScript transform (issue 20: idle RSS).
// Packages stay external: they are loaded from node_modules as they are, native ones included.
import { build } from "esbuild";
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const SERVER_BUNDLE = "dist/server.mjs";
const PTY_HOST_WORKER = "server/exec/pty-host-worker.mjs";

export async function buildServer(): Promise<void> {
  await build({
    entryPoints: ["server.ts"],
    outfile: SERVER_BUNDLE,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
  // The pty host's thread runs a file of its own, loaded beside the bundle as it is.
  await copyFile(PTY_HOST_WORKER, `dist/${path.basename(PTY_HOST_WORKER)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildServer();
