import { execFileSync } from "node:child_process";
import type { TestSshd } from "../server/testing/sshd";

/** `runlog target add <name> --ssh …` for a test sshd, as an admin runs it on the server (host key pinned by its fingerprint). */
export function addSshTargetByCli(dataDir: string, name: string, sshd: TestSshd, extra: string[] = []): void {
  execFileSync(
    process.execPath,
    [
      ...["--import", "tsx", "server/cli/main.ts", "target", "add", name],
      ...["--ssh", `${sshd.user}@127.0.0.1:${sshd.port}`, "--key-file", sshd.clientKey, "--fingerprint", sshd.fingerprint(), ...extra],
    ],
    { env: { ...process.env, RUNLOG_DATA_DIR: dataDir }, stdio: ["ignore", "ignore", "inherit"] },
  );
}
