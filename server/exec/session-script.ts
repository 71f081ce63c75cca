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

// Variables bash sets or changes by itself: never part of the session.
const SHELL_OWN =
  "__runlog_*|BASH*|_|PIPESTATUS|FUNCNAME|GROUPS|DIRSTACK|SHELLOPTS|BASHOPTS|EUID|UID|PPID|LINENO|RANDOM|SRANDOM|SECONDS|EPOCHSECONDS|EPOCHREALTIME|OPTIND|OPTARG|OPTERR|HISTCMD|COMP_*|COLUMNS|LINES|PWD|OLDPWD|SHLVL|IFS|PS4|HOSTNAME|HOSTTYPE|MACHTYPE|OSTYPE";

/** The file the server creates once it has read the end mark: the shell may exit then. */
export function ackFileOf(stateOut: string): string {
  return `${stateOut}.ack`;
}

/**
 * The text bash runs (`bash -c <text> runlog`). The prelude is one line and the command starts on
 * the same line, so bash's messages ("runlog: line 2: mc: command not found") count the
 * command's own lines.
 */
export function sessionScript(commandText: string, files: SessionFiles): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const vars = q(files.stateOut + ".vars");
  const perVariable = [
    `case "$__runlog_v" in ${SHELL_OWN}) continue;; esac`,
    `case "$__runlog_base" in *" $__runlog_v "*) continue;; esac`,
    `__runlog_d=$(declare -p "$__runlog_v" 2>/dev/null) || continue`,
    // Read-only variables cannot be declared again by the next command.
    `__runlog_f=\${__runlog_d#declare -}; __runlog_f=\${__runlog_f%% *}`,
    `case "$__runlog_f" in *r*) continue;; esac`,
    `printf '%s\\n' "$__runlog_d"`,
    `printf '%s\\0%s\\0' "$__runlog_v" "\${!__runlog_v}" >> ${vars}`,
  ].join("; ");
  const save = [
    "local __runlog_rc=$? __runlog_v __runlog_d __runlog_f",
    `{ for __runlog_v in $(compgen -v); do ${perVariable}; done; } > ${q(files.stateOut)} 2>/dev/null`,
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
    // Names present before the session is restored: the environment, not the session.
    `__runlog_base=" $(compgen -v | tr '\\n' ' ') "`,
    `if [ -f ${q(files.stateIn)} ]; then . ${q(files.stateIn)}; fi`,
    `__runlog_save() { ${save}; }`,
    "trap __runlog_save EXIT",
    `: > ${vars}`,
  ].join("; ");
  return `${prelude}; ${commandText}\n`;
}
