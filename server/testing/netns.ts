import { execFileSync } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";

// A network namespace of the test's own, joined to this one by a veth pair: a "remote host"
// whose link the test can take down, to see what a dropped connection does.

export interface TestNetns {
  name: string;
  /** The namespace's address (where its servers listen). */
  address: string;
  /** Takes the link down: packets stop, nothing is closed. */
  cut(): void;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });

export function createNetns(): TestNetns {
  const id = randomBytes(3).toString("hex");
  const name = `rl-${id}`;
  const [host, peer] = [`rlh${id}`, `rln${id}`];
  // A /30 of its own in 10.213.0.0/16 (two namespaces of two runs rarely meet; an overlap only fails `ip addr add`).
  const net = `10.213.${randomInt(0, 256)}.${randomInt(0, 64) * 4}`;
  const [a, b, c, d] = net.split(".").map(Number) as [number, number, number, number];
  const hostAddress = `${a}.${b}.${c}.${d + 1}`;
  const address = `${a}.${b}.${c}.${d + 2}`;
  ip("netns", "add", name);
  try {
    ip("link", "add", host, "type", "veth", "peer", "name", peer);
    ip("link", "set", peer, "netns", name);
    ip("addr", "add", `${hostAddress}/30`, "dev", host);
    ip("link", "set", host, "up");
    ip("netns", "exec", name, "ip", "addr", "add", `${address}/30`, "dev", peer);
    ip("netns", "exec", name, "ip", "link", "set", peer, "up");
    ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
  } catch (err) {
    ip("netns", "del", name);
    throw err;
  }
  return {
    name,
    address,
    cut: () => ip("link", "set", host, "down"),
    remove: () => {
      // Deleting the namespace destroys the veth pair with it.
      ip("netns", "del", name);
    },
  };
}
