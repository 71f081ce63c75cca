// A run is one bash process, but the incident behaves like one shell session: before the
// command, the variables and working directory left by the previous commands are restored;
// when it exits (however it exits), bash writes what it has now for the next one. Bash writes
// and reads its own `declare -p` output, so no shell syntax is parsed here.

export interface SessionFiles {
  /**
   * Printed in an OSC 133;D mark when the command is done; the shell then waits for the server
   * to create the ack file. Linux discards pty output still unread when the shell exits, so the shell
   * must not exit before the server has read everything up to the mark. Null when the root process
   * that starts the shell as the run account prints the mark (where the command cannot read it).
   */
  nonce: string | null;
  /** `declare -p` lines from the previous command, if any. */
  stateIn: string;
  /** Where this command's variables are saved: `<stateOut>` (declare -p), `.cwd`, `.vars`. */
  stateOut: string;
}

/** What a command left for the next one: its variables (`declare -p`), directory and the values shown. */
export interface SessionAfter {
  state: string;
  cwd: string | null;
  vars: [string, string][];
  tooLarge: boolean;
}

// Variables bash sets or changes by itself: never part of the session.
const SHELL_OWN =
  "__runlog_*|BASH*|_|PIPESTATUS|FUNCNAME|GROUPS|DIRSTACK|SHELLOPTS|BASHOPTS|EUID|UID|PPID|LINENO|RANDOM|SRANDOM|SECONDS|EPOCHSECONDS|EPOCHREALTIME|OPTIND|OPTARG|OPTERR|HISTCMD|COMP_*|COLUMNS|LINES|PWD|OLDPWD|SHLVL|IFS|PS4|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE";

/** The file the server creates once it has read the end mark: the shell may exit then. */
export function ackFileOf(stateOut: string): string {
  return `${stateOut}.ack`;
}

/** One argument for a POSIX shell, quoted. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// `__runlog_each d` prints the session's variables as `declare -p` lines, `__runlog_each v` as
// name NUL value NUL pairs (what the page shows).
const EACH_VARIABLE = `__runlog_each() { local __runlog_v __runlog_d __runlog_f; for __runlog_v in $(compgen -v); do ${[
  `case "$__runlog_v" in ${SHELL_OWN}) continue;; esac`,
  `case "$__runlog_base" in *" $__runlog_v "*) continue;; esac`,
  `__runlog_d=$(declare -p "$__runlog_v" 2>/dev/null) || continue`,
  // Read-only variables cannot be declared again by the next command.
  `__runlog_f=\${__runlog_d#declare -}; __runlog_f=\${__runlog_f%% *}`,
  `case "$__runlog_f" in *r*) continue;; esac`,
  `if [ "$1" = d ]; then printf '%s\\n' "$__runlog_d"; else printf '%s\\0%s\\0' "$__runlog_v" "\${!__runlog_v}"; fi`,
].join("; ")}; done; }`;

// Names present before the session is restored: the environment, not the session.
const BASE = `__runlog_base=" $(compgen -v | tr '\\n' ' ') "`;

/**
 * The text bash runs (`bash -c <text> runlog`). The prelude is one line and the command starts on
 * the same line, so bash's messages ("runlog: line 2: mc: command not found") count the
 * command's own lines.
 */
export function sessionScript(commandText: string, files: SessionFiles): string {
  const q = shellQuote;
  const vars = q(files.stateOut + ".vars");
  const save = [
    "local __runlog_rc=$?",
    `__runlog_each d > ${q(files.stateOut)} 2>/dev/null`,
    `__runlog_each v > ${vars} 2>/dev/null`,
    `printf '%s' "$PWD" > ${q(files.stateOut + ".cwd")} 2>/dev/null`,
    ...(files.nonce === null
      ? []
      : [
          `printf '\\033]133;D;%s;%s\\007' "$__runlog_rc" ${q(files.nonce)}`,
          // The server says it has read everything by creating a file: it never types into the
          // terminal, where a mark printed early would have fed the command's own input.
          `for ((__runlog_i = 0; __runlog_i < 1000; __runlog_i++)); do [ -e ${q(ackFileOf(files.stateOut))} ] && break; sleep 0.01; done`,
        ]),
    "return $__runlog_rc",
  ].join("; ");
  const prelude = [
    "set -o pipefail",
    BASE,
    `if [ -f ${q(files.stateIn)} ]; then . ${q(files.stateIn)}; fi`,
    EACH_VARIABLE,
    `__runlog_save() { ${save}; }`,
    "trap __runlog_save EXIT",
    `: > ${vars}`,
  ].join("; ");
  return `${prelude}; ${commandText}\n`;
}

// On a target the session travels inside the terminal itself: nothing is written to the target's
// disk or put on its command lines. The bootstrap (the only text on the target's command line)
// turns echo off, says it is ready with its pid (its process group: sshd made it a session
// leader), and reads two base64 texts typed by Runlog, each ended by a line ".": the prelude
// (variables, session, save trap) and the command. Both run in this shell, so `$$` and the
// command's process group are the bootstrap's.
export const REMOTE_READY = "R";
/** Echo is back on and the command starts: keystrokes typed before this were held back. */
export const REMOTE_STARTED = "C";
export const REMOTE_STATE = "S";

/** The remote command: `bash --noprofile --norc -c <boot> runlog`, with `token` to recognise its ready mark. */
export function remoteBoot(token: string): string[] {
  const boot = [
    "stty -echo 2>/dev/null",
    `printf '\\033]133;${REMOTE_READY};%s;%s\\007' ${shellQuote(token)} "$$"`,
    '__runlog_r() { local p= l; while IFS= read -r l; do [ "$l" = . ] && break; p+=$l; done; printf %s "$p" | base64 -d; }',
    "__runlog_pre=$(__runlog_r)",
    "__runlog_cmd=$(__runlog_r)",
    "stty echo 2>/dev/null",
    `printf '\\033]133;${REMOTE_STARTED};%s\\007' ${shellQuote(token)}`,
    'eval "$__runlog_pre"',
    "unset __runlog_pre",
    'eval "$__runlog_cmd"',
  ].join("\n");
  return ["bash", "--noprofile", "--norc", "-c", boot, "runlog"];
}

// A remote session larger than this (base64) is not sent back: the command stored a file's worth
// of data in a variable. Sent as "-" instead, so the server knows it was too large.
export const REMOTE_STATE_MAX = 1024 * 1024;

export interface RemoteSession {
  nonce: string;
  /** The line that tells the shell its output was all read. */
  ack: string;
  /** `declare -p` lines from the previous command. */
  stateIn: string;
  /** The incident's variables, exported as the environment is for a local command. */
  exports: { name: string; value: string }[];
  /** Where the previous command on a target left off (a path there); null: the login directory. */
  cwd: string | null;
}

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What Runlog types into the bootstrap once it is ready: the prelude and the command, base64 in lines. */
export function remoteInput(commandText: string, session: RemoteSession): string {
  const q = shellQuote;
  const b64 = (what: string) => `"$(${what} | base64 -w0)"`;
  const save = [
    "local __runlog_rc=$? __runlog_l __runlog_s __runlog_w",
    `__runlog_s=${b64("__runlog_each d 2>/dev/null")}`,
    `__runlog_w=${b64("__runlog_each v 2>/dev/null")}`,
    `[ \${#__runlog_s} -gt ${REMOTE_STATE_MAX} ] && __runlog_s=- && __runlog_w=-`,
    // Echo off before the marks: Runlog's ack line may arrive as soon as the end mark is out.
    "stty -echo </dev/tty 2>/dev/null",
    `printf '\\033]133;${REMOTE_STATE};%s;%s;%s;%s\\007' "$__runlog_n" "$__runlog_s" ${b64(`printf '%s' "$PWD"`)} "$__runlog_w"`,
    `printf '\\033]133;D;%s;%s\\007' "$__runlog_rc" "$__runlog_n"`,
    // Runlog answers with the ack line once it has read the marks: only then may the shell end.
    'while IFS= read -r -t 10 __runlog_l </dev/tty; do [ "$__runlog_l" = "$__runlog_a" ] && break; done',
    // Jobs the command left behind go with the shell, as a closing terminal would send.
    "trap '' HUP; kill -HUP 0 2>/dev/null",
    "return $__runlog_rc",
  ].join("; ");
  for (const v of session.exports) if (!SHELL_NAME.test(v.name)) throw new Error(`Not a variable name: ${v.name}`);
  const prelude = [
    ...session.exports.map((v) => `export ${v.name}=${q(v.value)}`),
    ...(session.cwd ? [`cd -- ${q(session.cwd)} 2>/dev/null`] : []),
    "set -o pipefail",
    `__runlog_n=${q(session.nonce)} __runlog_a=${q(session.ack)}`,
    BASE,
    session.stateIn,
    EACH_VARIABLE,
    `__runlog_save() { ${save}; }`,
    "trap __runlog_save EXIT",
    // A shell killed by a signal tells ssh nothing but 255: exit with the status a shell reports for it.
    "trap 'exit 130' INT",
    "trap 'exit 143' TERM",
  ].join("\n");
  const lines = (text: string) =>
    (
      Buffer.from(text)
        .toString("base64")
        .match(/.{1,76}/g) ?? []
    ).join("\n");
  return `${lines(prelude)}\n.\n${lines(commandText)}\n.\n`;
}
