import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** `[host]:port` as known_hosts names a host on another port than 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The host's keys as it offers them now (ssh-keyscan), as known_hosts lines. */
export async function scanHostKeys(host: string, port: number): Promise<string[]> {
  const { stdout } = await run("ssh-keyscan", ["-p", String(port), "-T", "5", "-t", "ed25519,ecdsa,rsa", host], { timeout: 15_000 }).catch(
    (err: Error & { stdout?: string }) => ({ stdout: err.stdout ?? "" }),
  );
  const lines = stdout.split("\n").filter((l) => l.trim() && !l.startsWith("#"));
  if (lines.length === 0) throw new Error(`${knownHostsName(host, port)} offered no host key (is sshd listening there?).`);
  return lines;
}

/** A known_hosts line and its key's fingerprint as `ssh` prints it: `SHA256:… (ssh-ed25519)`. */
export interface HostKey {
  line: string;
  fingerprint: string;
}

/** The keys of known_hosts lines, each with its fingerprint; a line that holds no key is left out. */
export async function hostKeys(knownHosts: string[]): Promise<HostKey[]> {
  const out: HostKey[] = [];
  for (const line of knownHosts) {
    const [, type, key] = line.trim().split(/\s+/);
    if (!type || !key) continue;
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) => {
      const child = execFile("ssh-keygen", ["-l", "-E", "sha256", "-f", "-"], (err, stdout) => (err ? reject(err) : resolve({ stdout })));
      child.stdin!.end(`${type} ${key}\n`);
    });
    const fp = /(SHA256:\S+)/.exec(stdout)?.[1];
    if (fp) out.push({ line, fingerprint: `${fp} (${type})` });
  }
  return out;
}

/** SHA256 fingerprints (as `ssh` prints them) of known_hosts lines. */
export async function fingerprints(knownHosts: string[]): Promise<string[]> {
  return (await hostKeys(knownHosts)).map((k) => k.fingerprint);
}

/** The known_hosts lines of a file for exactly this host and port (hashed entries too: ssh-keygen -F). */
export async function linesFor(knownHostsFile: string, host: string, port: number): Promise<string[]> {
  const { stdout } = await run("ssh-keygen", ["-F", knownHostsName(host, port), "-f", knownHostsFile]).catch(() => ({ stdout: "" }));
  return stdout.split("\n").filter((l) => l.trim() && !l.startsWith("#"));
}
