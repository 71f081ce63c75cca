import { execFileSync } from "node:child_process";

// Free ports for the servers the e2e tests start (see server/testing/free-port.ts).
export { freePort } from "../server/testing/free-port";

/** The same, for configuration that must be known synchronously (Playwright's config). */
export function freePortSync(): number {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}
