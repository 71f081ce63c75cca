import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AccountName } from "./accounts";
import { freePortSync } from "./ports";

// Chosen once, in the Playwright runner, and handed to its workers and the web server through the
// environment: a free port and a temp folder of this run's own, so that two runs never share them.
process.env.E2E_PORT ??= String(freePortSync());
if (!process.env.E2E_DATA_ROOT) {
  process.env.E2E_DATA_ROOT = mkdtempSync(path.join(os.tmpdir(), "runlog-e2e-"));
  // The app's run account passes through it to its work folder (it cannot list it).
  chmodSync(process.env.E2E_DATA_ROOT, 0o711);
}

export const E2E_PORT = Number(process.env.E2E_PORT);
/** Everything this run keeps on disk: the app's data folder, the signed-in browser states. */
export const E2E_ROOT = process.env.E2E_DATA_ROOT;
// A fresh data folder per test run: the app creates and migrates its database there at start.
export const E2E_DATA_DIR = path.join(E2E_ROOT, "data");

/** Where each account's signed-in browser state is kept between the setup and the tests. */
export function stateFile(name: AccountName): string {
  return path.join(E2E_ROOT, "auth", `${name}.json`);
}
