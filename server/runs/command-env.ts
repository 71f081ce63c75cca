// The environment a command runs with: the server's, minus what is Runlog's own or would change
// how bash starts, plus the incident's variables. Values travel as environment variables, never
// as text pasted into the command, so a value cannot inject shell syntax.

const DROPPED = new Set(["NODE_OPTIONS", "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PROMPT_COMMAND", "CDPATH", "GLOBIGNORE"]);

const PAGERS = ["PAGER", "PSQL_PAGER", "GIT_PAGER", "SYSTEMD_PAGER", "MANPAGER"];

export function commandEnv(
  variables: { name: string; value: string }[],
  base: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined || k.startsWith("RUNLOG_") || k.startsWith("BASH_FUNC_") || DROPPED.has(k)) continue;
    env[k] = v;
  }
  // Nobody reads a pager in a streamed terminal: psql, git and systemctl would wait for a key
  // instead of finishing (an incident's variables may still set them).
  for (const pager of PAGERS) env[pager] = "cat";
  for (const v of variables) env[v.name] = v.value;
  env.TERM = "xterm-256color";
  return env;
}
