// The e2e tests drive Debian's Chromium, because Playwright cannot download its own browsers on
// machines without internet. Install it when missing (needs root and apt-get). Machines that
// have Playwright's browsers set RUNLOG_CHROMIUM_PATH=bundled, or point it at another binary.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "../e2e/browser";

const wanted = chromiumPath();
if (wanted === undefined || existsSync(wanted)) process.exit(0);

if (wanted !== "/usr/bin/chromium") {
  console.error(`RUNLOG_CHROMIUM_PATH points at ${wanted}, which does not exist.`);
  process.exit(1);
}
if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
  console.error(
    "Chromium is missing: install it (apt-get install chromium), or set RUNLOG_CHROMIUM_PATH to a Chromium binary, or to 'bundled' to use Playwright's own browsers.",
  );
  process.exit(1);
}
console.log("Installing Debian's chromium for the end-to-end tests (apt-get)…");
for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
  const r = spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
