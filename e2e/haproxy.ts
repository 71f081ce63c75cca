import { writeFileSync } from "node:fs";
import path from "node:path";
import { answersOk, startChildServer, type ChildServer } from "../server/testing/child-server";

// Debian's HAProxy in front of the cluster's instances, started by the test on loopback. The
// `runlog` frontend is the configuration the README shows: sticky by cookie, health-checked,
// an instance that dies is taken out and its browsers sent to another. WebSocket upgrades and
// server-sent events pass through HTTP mode as they are (long tunnel and server timeouts).

export const HAPROXY_BIN = "/usr/sbin/haproxy";

export interface Backend {
  name: string;
  port: number;
}

/**
 * The load balancer's configuration. `split` adds, for browsers with the cookie SPLIT=1 only,
 * that their terminal streams go to one instance and everything else to another.
 */
export function haproxyConfig(lbPort: number, backends: Backend[], split?: { pages: string; streams: string }): string {
  const servers = backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter 500 fall 2 rise 1 cookie ${b.name}`);
  const only = (b: Backend) => [`backend only_${b.name}`, `  server ${b.name} 127.0.0.1:${b.port}`];
  const lines = [
    "global",
    "  maxconn 512",
    "defaults",
    "  mode http",
    "  option forwardfor",
    "  timeout connect 2s",
    "  timeout client 1h",
    "  timeout server 1h",
    "  timeout tunnel 1h",
    "  option redispatch",
    "  retries 2",
    "frontend runlog",
    `  bind 127.0.0.1:${lbPort}`,
    "  http-request set-header X-Forwarded-Proto http",
    ...(split
      ? [
          // Not a layout to copy: it makes "the page on one instance, its terminal stream on another" certain for a test.
          "  acl split req.cook(SPLIT) -m str 1",
          `  use_backend only_${split.streams} if split { path_beg /api/stream }`,
          `  use_backend only_${split.pages} if split`,
        ]
      : []),
    "  default_backend instances",
    "backend instances",
    "  balance roundrobin",
    "  option httpchk GET /api/health",
    "  cookie SERVERID insert indirect nocache",
    ...servers,
    ...(split ? backends.flatMap(only) : []),
  ];
  return `${lines.join("\n")}\n`;
}

export async function startHaproxy(dir: string, config: string, probeUrl: string): Promise<ChildServer> {
  const file = path.join(dir, "haproxy.cfg");
  writeFileSync(file, config);
  return startChildServer("haproxy", HAPROXY_BIN, ["-db", "-f", file], answersOk(probeUrl), 20_000);
}
