// What the tests need from Debian, installed when missing (one apt-get run, as root); run first
// by `npm test` and by `npm run test:e2e`:
// - Chromium, because Playwright cannot download its own browsers on machines without internet
//   (machines that have them set RUNLOG_CHROMIUM_PATH=bundled, or point it at another binary);
// - PostgreSQL and Redis, the real servers the seed drill (e2e/drill.spec.ts) runs against, and
//   PostgreSQL for the database tests (server/db/postgres.test.ts);
// - Prometheus Alertmanager, which the alert tests (e2e/alerts.spec.ts) post alerts through;
// - HAProxy, the load balancer in front of the two instances of the cluster test (e2e/cluster.spec.ts);
// - OpenSSH's server and client, for the SSH targets' tests (server/targets);
// - jemalloc, the allocator scripts/serve.sh gives the server where it is installed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chromiumPath } from "../e2e/browser";

const missing: string[] = [];
const wanted = chromiumPath();
if (wanted !== undefined && !existsSync(wanted)) {
  if (wanted !== "/usr/bin/chromium") {
    console.error(`RUNLOG_CHROMIUM_PATH points at ${wanted}, which does not exist.`);
    process.exit(1);
  }
  missing.push("chromium");
}
const pgInstalled =
  existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
if (!pgInstalled) missing.push("postgresql");
if (!existsSync("/usr/bin/redis-server") || !existsSync("/usr/bin/redis-check-rdb")) missing.push("redis-server");
if (!existsSync("/usr/bin/prometheus-alertmanager")) missing.push("prometheus-alertmanager");
if (!existsSync("/usr/sbin/haproxy")) missing.push("haproxy");
if (!existsSync("/usr/sbin/sshd") || !existsSync("/usr/bin/ssh-keyscan")) missing.push("openssh-server", "openssh-client");
if (!existsSync("/usr/sbin/ip") && !existsSync("/usr/bin/ip")) missing.push("iproute2");
// The server's allocator in production (scripts/serve.sh): tests and benchmarks run it the same way.
if (!existsSync("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2") && !existsSync("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"))
  missing.push("libjemalloc2");
if (missing.length === 0) process.exit(0);

const root = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
if (!root) {
  // Chromium is needed by every e2e test; the drill alone needs the servers (it skips without them).
  const message = `Missing for the end-to-end tests: ${missing.join(", ")}. Install them (apt-get install ${missing.join(" ")})${missing.includes("chromium") ? ", or set RUNLOG_CHROMIUM_PATH to a Chromium binary, or to 'bundled' to use Playwright's own browsers" : ""}.`;
  console.error(message);
  process.exit(missing.includes("chromium") ? 1 : 0);
}
console.log(`Installing Debian's ${missing.join(", ")} for the end-to-end tests (apt-get)…`);
for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...missing]]) {
  const r = spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
