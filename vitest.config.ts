import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    // node-pty and better-sqlite3 are native addons: forks are safer than worker threads.
    pool: "forks",
    // `RUNLOG_TEST_DATABASE=postgres npm run test:unit`: the same suite on a real PostgreSQL.
    globalSetup: ["server/testing/postgres-global-setup.ts"],
  },
});
