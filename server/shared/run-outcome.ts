/** What decides whether a finished run did what the runbook wanted. */
export interface RunOutcomeFacts {
  status: string;
  exitCode: number | null;
  /** The output checks' verdict; null (or absent) when the command has none. */
  checkPassed?: boolean | null;
}

/**
 * A run succeeded when it ran to its end and its checks held; without checks, when it exited 0.
 * The checks include the exit code (`expect-exit`, else 0), so they decide alone.
 */
export function runSucceeded(run: RunOutcomeFacts): boolean {
  if (run.status !== "exited") return false;
  return run.checkPassed === true || ((run.checkPassed ?? null) === null && run.exitCode === 0);
}
