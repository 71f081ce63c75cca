import { describe, expect, it } from "vitest";
import { commandEnv } from "./command-env";

describe("command environment", () => {
  const base = {
    PATH: "/shim:/usr/bin",
    LANG: "C.UTF-8",
    LC_TIME: "en_GB.UTF-8",
    RUNLOG_AUTH_SECRET: "x".repeat(40),
    DATABASE_URL: "postgres://runlog:pw@db/runlog",
    AWS_SECRET_ACCESS_KEY: "server-only",
    KUBECONFIG: "/etc/kube/config",
    PAGER: "more",
    BASH_ENV: "/tmp/evil",
    HOME: "/root",
  };

  it("takes only what programs need from the server: PATH and the locale, never its secrets or settings", () => {
    const env = commandEnv([{ name: "DB_USER", value: "postgres" }], {
      base,
      account: { name: "runlog-run", home: "/var/lib/runlog-run" },
    });
    expect(env).toMatchObject({
      PATH: "/shim:/usr/bin",
      LANG: "C.UTF-8",
      LC_TIME: "en_GB.UTF-8",
      HOME: "/var/lib/runlog-run",
      USER: "runlog-run",
      LOGNAME: "runlog-run",
      DB_USER: "postgres",
      TERM: "xterm-256color",
    });
    for (const name of ["RUNLOG_AUTH_SECRET", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY", "KUBECONFIG", "BASH_ENV"])
      expect(env).not.toHaveProperty(name);
  });

  it("passes what the operator names (RUNLOG_COMMAND_ENV), but never Runlog's own settings", () => {
    const env = commandEnv([], { base, passThrough: ["KUBECONFIG", "RUNLOG_AUTH_SECRET"] });
    expect(env.KUBECONFIG).toBe("/etc/kube/config");
    expect(env).not.toHaveProperty("RUNLOG_AUTH_SECRET");
  });

  it("turns pagers off (a streamed terminal would wait for a key); an incident variable still wins", () => {
    const env = commandEnv([{ name: "PAGER", value: "less" }], { base });
    expect(env).toMatchObject({ PSQL_PAGER: "cat", GIT_PAGER: "cat", SYSTEMD_PAGER: "cat", MANPAGER: "cat", PAGER: "less" });
  });
});
