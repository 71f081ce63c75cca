import os from "node:os";
import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
// A fresh data folder per test run: the app creates and migrates its database there at start.
export const E2E_DATA_DIR = path.join(os.tmpdir(), `runlog-e2e-${E2E_PORT}`);
