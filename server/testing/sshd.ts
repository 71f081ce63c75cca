import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startChildServer, type ChildServer } from "./child-server";
import { freePort } from "./free-port";

// Debian's OpenSSH server, started by a test on 127.0.0.1 with throwaway host and client keys
// in a temp folder (sshd -D -f <config>), as the test's own user.

export const SSHD_BIN = "/usr/sbin/sshd";

export interface TestSshd {
  port: number;
  user: string;
  /** The client's private key file (authorized on this server). */
  clientKey: string;
  /** SHA256:… of the server's current host key. */
  fingerprint(): string;
  /** Stops, makes a new host key, starts again on the same port: what a re-installed host looks like. */
  replaceHostKey(): Promise<void>;
  stop(): Promise<void>;
}

const keygen = (file: string) => {
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "runlog-test", "-f", file]);
};

/**
 * `netns`: run it inside that network namespace, listening on `address` there (and on
 * `alsoListen`, e.g. the namespace's own 127.0.0.1, reachable only from inside it).
 */
export async function startSshd(dir: string, opts: { netns?: string; address?: string; alsoListen?: string } = {}): Promise<TestSshd> {
  const address = opts.address ?? "127.0.0.1";
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // sshd's privilege separation needs this folder (systemd makes it on a normal host).
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const port = await freePort();
  const hostKey = path.join(dir, "host_ed25519");
  const clientKey = path.join(dir, "client_ed25519");
  keygen(hostKey);
  keygen(clientKey);
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const config = path.join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      `ListenAddress ${address}`,
      ...(opts.alsoListen ? [`ListenAddress ${opts.alsoListen}`] : []),
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  let server: ChildServer | null = null;
  const start = async () => {
    const [bin, ...args] = [...(opts.netns ? ["ip", "netns", "exec", opts.netns] : []), SSHD_BIN, "-D", "-e", "-f", config];
    server = await startChildServer("sshd", bin!, args, () => accepts(port, address), 10_000);
  };
  const stop = async () => {
    const s = server;
    server = null;
    await s?.stop();
  };
  await start();
  return {
    port,
    user: os.userInfo().username,
    clientKey,
    fingerprint: () =>
      /(SHA256:\S+)/.exec(execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${hostKey}.pub`], { encoding: "utf8" }))![1]!,
    async replaceHostKey() {
      await stop();
      keygen(hostKey);
      await start();
    },
    stop,
  };
}

function accepts(port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, address);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
