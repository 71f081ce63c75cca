import type { RunAccount } from "../exec/run-account";

// The environment a command runs with. Built from an allowlist, never from the server's whole
// environment: that holds Runlog's own settings (and, on a team install, a database URL). The
// incident's values travel as environment variables, never as text pasted into the command, so a
// value cannot inject shell syntax.

/** Taken from the server's environment: what programs need to find each other and speak the locale. */
const PASSED = ["PATH", "LANG", "LANGUAGE", "TZ"];
const PASSED_PREFIX = "LC_";

const PAGERS = ["PAGER", "PSQL_PAGER", "GIT_PAGER", "SYSTEMD_PAGER", "MANPAGER"];

export interface CommandEnvOptions {
  /** More names to take from the server's environment (`RUNLOG_COMMAND_ENV`: KUBECONFIG, SSH_AUTH_SOCK, ...). */
  passThrough?: string[];
  /** Whom the command runs as: its HOME, USER and LOGNAME. */
  account?: Pick<RunAccount, "name" | "home">;
  base?: Record<string, string | undefined>;
}

export function commandEnv(variables: { name: string; value: string }[], opts: CommandEnvOptions = {}): Record<string, string> {
  const base = opts.base ?? process.env;
  const env: Record<string, string> = {};
  const wanted = new Set([...PASSED, ...(opts.passThrough ?? [])]);
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined || k.startsWith("RUNLOG_")) continue;
    if (wanted.has(k) || k.startsWith(PASSED_PREFIX)) env[k] = v;
  }
  if (opts.account) {
    env.HOME = opts.account.home;
    env.USER = opts.account.name;
    env.LOGNAME = opts.account.name;
  }
  env.SHELL = "/bin/bash";
  // Nobody reads a pager in a streamed terminal: psql, git and systemctl would wait for a key
  // instead of finishing (an incident's variables may still set them).
  for (const pager of PAGERS) env[pager] = "cat";
  for (const v of variables) env[v.name] = v.value;
  env.TERM = "xterm-256color";
  return env;
}
