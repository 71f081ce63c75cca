import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./e2e/browser";

const port = Number(process.env.E2E_PORT ?? 3210);
// A fresh data folder per test run: the app creates and migrates its database there at start.
const dataDir = path.join(os.tmpdir(), `runlog-e2e-${port}`);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  webServer: {
    // Exactly how the README starts the app: `npm start` (builds if needed, migrates, serves).
    command: `rm -rf '${dataDir}' && npm start`,
    url: `http://127.0.0.1:${port}/`,
    env: { PORT: String(port), RUNLOG_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
