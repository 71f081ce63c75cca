import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TargetArgs } from "../cli/target-command";
import { runTargetCli } from "../testing/target-cli";
import { startSshd, type TestSshd } from "../testing/sshd";
import { tempEnv, type TempEnv } from "../testing/temp-db";

let env: TempEnv;
let sshd: TestSshd;
beforeAll(async () => {
  env = await tempEnv();
  sshd = await startSshd(path.join(env.dir, "sshd"));
});
afterAll(async () => {
  await sshd?.stop();
  await env.cleanup();
});

const target = (args: Partial<TargetArgs> & { action: string }) => runTargetCli(env.cliEnv, args);

describe("targets (runlog target)", () => {
  it("pins the host key only when the admin gives its fingerprint: unknown keys are refused, nothing is saved", async () => {
    const ssh = `${sshd.user}@127.0.0.1:${sshd.port}`;
    const unconfirmed = await target({ action: "add", rest: ["db-1"], ssh, keyFile: sshd.clientKey });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain(`offers ${sshd.fingerprint()} (ssh-ed25519)`);
    expect(unconfirmed.err).toContain("--fingerprint");
    const wrong = await target({ action: "add", rest: ["db-1"], ssh, keyFile: sshd.clientKey, fingerprint: "SHA256:notthekey" });
    expect(wrong.err).toContain(`No host key of [127.0.0.1]:${sshd.port} has the fingerprint SHA256:notthekey`);
    expect(await env.prisma.target.count()).toBe(0);

    const added = await target({
      action: "add",
      rest: ["db-1"],
      ssh,
      keyFile: sshd.clientKey,
      fingerprint: sshd.fingerprint(),
      approval: "destructive",
    });
    expect(added).toMatchObject({ code: 0, err: "" });
    expect(added.out).toContain(`host key pinned: ${sshd.fingerprint()}`);
    const row = await env.prisma.target.findUniqueOrThrow({ where: { name: "db-1" } });
    // The private key is stored sealed, never in clear.
    expect(row.keySealed).toMatch(/^enc:v1:/);
    expect(row.keySealed).not.toContain("PRIVATE KEY");
    expect((await target({ action: "list" })).out).toMatch(
      new RegExp(`^db-1\\tssh ${sshd.user}@127\\.0\\.0\\.1:${sshd.port}\\tkey stored\\trole responder\\+\\tapproval destructive`),
    );
    expect((await target({ action: "add", rest: ["db-1"], ssh, keyFile: sshd.clientKey, fingerprint: sshd.fingerprint() })).err).toContain(
      "A target named db-1 exists",
    );
  });

  it("tests a target over ssh with the pinned key, and refuses a changed host key naming both fingerprints", async () => {
    const ok = await target({ action: "test", rest: ["db-1"] });
    expect(ok.code).toBe(0);
    // Fingerprints are base64 ('+', '/'): compared as text, never as a pattern.
    expect(ok.out).toMatch(/^db-1: connected and ran true in \d+ ms; host key /);
    expect(ok.out).toContain(`host key ${sshd.fingerprint()} (ssh-ed25519).`);
    const before = sshd.fingerprint();
    await sshd.replaceHostKey();
    const changed = await target({ action: "test", rest: ["db-1"] });
    expect(changed.code).toBe(1);
    expect(changed.err).toContain(
      `does not match the pinned one: pinned ${before} (ssh-ed25519); offered now ${sshd.fingerprint()} (ssh-ed25519). Nothing was run.`,
    );
  });

  it("takes the host key from a known_hosts file, refuses bad input with a message, and removes", async () => {
    const knownHosts = path.join(env.dir, "known_hosts");
    const pub = (await import("node:fs")).readFileSync(path.join(env.dir, "sshd", "host_ed25519.pub"), "utf8").split(" ");
    await writeFile(knownHosts, `[127.0.0.1]:${sshd.port} ${pub[0]} ${pub[1]}\n`);
    const ssh = `${sshd.user}@127.0.0.1:${sshd.port}`;
    expect((await target({ action: "add", rest: ["db-2"], ssh, keyFile: sshd.clientKey, knownHosts })).code).toBe(0);
    expect((await target({ action: "test", rest: ["db-2"] })).code).toBe(0);
    expect((await target({ action: "add", rest: ["x"], ssh: "root@-oProxyCommand=evil", keyFile: sshd.clientKey })).err).toContain(
      "The ssh host is a host name or an IP address.",
    );
    expect((await target({ action: "add", rest: ["Bad Name"], ssh, keyFile: sshd.clientKey })).err).toContain(
      "A target name is lower-case",
    );
    expect((await target({ action: "add", rest: ["db-3"], ssh })).err).toContain("--key-file");
    expect((await target({ action: "remove", rest: ["db-2"] })).out).toContain("Target db-2 removed.");
    expect((await target({ action: "test", rest: ["db-2"] })).err).toContain("No target db-2");
  });
});
