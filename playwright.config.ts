import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./e2e/browser";
import { E2E_DATA_DIR as dataDir, E2E_PORT as port, stateFile } from "./e2e/e2e-env";

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
  // The run's temp folder (data, signed-in states) goes when the run ends.
  globalTeardown: "./e2e/global-teardown.ts",
  projects: [
    // Creates the accounts (CLI) and signs each in once.
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    // Pages open as the responder unless a test signs in as someone else.
    { name: "e2e", dependencies: ["setup"], use: { storageState: stateFile("responder") } },
  ],
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
