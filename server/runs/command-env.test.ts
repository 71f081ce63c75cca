import { describe, expect, it } from "vitest";
import { commandEnv } from "./command-env";

describe("command environment", () => {
  it("turns pagers off (a streamed terminal would wait for a key), keeps the server's PATH, drops Runlog's own settings", () => {
    const env = commandEnv(
      [
        { name: "PAGER", value: "less" },
        { name: "DB_USER", value: "postgres" },
      ],
      { PATH: "/shim:/usr/bin", RUNLOG_AUTH_SECRET: "x".repeat(40), PAGER: "more", BASH_ENV: "/tmp/evil" },
    );
    expect(env).toMatchObject({
      PATH: "/shim:/usr/bin",
      PSQL_PAGER: "cat",
      GIT_PAGER: "cat",
      SYSTEMD_PAGER: "cat",
      DB_USER: "postgres",
      TERM: "xterm-256color",
    });
    // An incident variable still wins: someone who wants a pager can have one.
    expect(env.PAGER).toBe("less");
    expect(env).not.toHaveProperty("RUNLOG_AUTH_SECRET");
    expect(env).not.toHaveProperty("BASH_ENV");
  });
});
