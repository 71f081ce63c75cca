/** Which Chromium the e2e tests launch: Debian's by default; `bundled` means Playwright's own. */
export function chromiumPath(): string | undefined {
  const v = process.env.RUNLOG_CHROMIUM_PATH;
  if (v === "bundled") return undefined;
  return v || "/usr/bin/chromium";
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
