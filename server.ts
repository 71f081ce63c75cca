// Runlog's entry point: one HTTP server on one port hosting Next's pages, the tRPC API and the
// WebSocket that streams terminal output. tRPC and streaming live here, outside Next's bundle,
// so that the running commands and their viewers share one process-wide registry.
import http from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import next from "next";
import { fromNodeHeaders, toNodeHandler } from "better-auth/node";
import { CLIENT_IP_HEADER } from "./server/auth/auth";
import { auth, sessionUser } from "./server/auth/session";
import { config } from "./server/config";
import { crossSiteRequest } from "./server/http/origin-guard";
import { clientAddress, trustProxies, viaHttps } from "./server/http/client-address";
import { applySecurityHeaders, securityHeaders } from "./server/http/security-headers";
import { db } from "./server/db";
import { issueSetupToken, SETUP_TTL_MS } from "./server/auth/first-admin";
import { migrateConfigured } from "./server/db/migrate-database";
import { liveRuns } from "./server/exec/live-run";
import { startEscalationWatch } from "./server/incidents/escalation-watch";
import { interruptLiveRuns, markInterruptedRuns } from "./server/runs/recover-runs";
import { recoverRunAlls } from "./server/runall/run-all-actions";
import { registerInstance, startHeartbeat } from "./server/cluster/instances";
import { ALERTMANAGER_PATH, alertmanagerWebhook } from "./server/http/alert-webhook";
import { CLUSTER_CALL_PREFIX } from "./server/cluster/call-instance";
import { clusterCalls } from "./server/http/cluster-calls";
import { readNotifyConfig } from "./server/notify/notify-config";
import { setNotificationTargets } from "./server/notify/outbox";
import { startNotificationDelivery } from "./server/notify/deliver-notifications";
import { keyLegacyChains, sealLegacyEvents } from "./server/timeline/seal-legacy-events";
import { MAX_BODY_BYTES, refuseLargeBody } from "./server/http/body-limit";
import { MAX_BATCH_CALLS } from "./server/shared/limits";
import { createUpgradeRouter } from "./server/stream/run-stream-server";
import { appRouter } from "./server/trpc/root";
import { createContext } from "./server/trpc/init";
import { takeBackAllocatorEnv } from "./server/process/allocator-env";

async function main(): Promise<void> {
  const allocator = takeBackAllocatorEnv();
  const cfg = config();
  const applied = await migrateConfigured(cfg);
  if (applied.length) console.log(`runlog: database migrated (${applied.join(", ")})`);
  const upgraded = await keyLegacyChains(db(), cfg.dataDir);
  if (upgraded.keyed) console.log(`runlog: ${upgraded.keyed} timeline(s) re-hashed with the chain key`);
  for (const id of upgraded.broken)
    console.error(`runlog: the timeline of ${id} was already broken; it was not re-hashed (runlog verify ${id})`);
  const sealed = await sealLegacyEvents(db());
  if (sealed) console.log(`runlog: ${sealed} timeline event(s) from before the hash chain sealed`);
  await registerInstance(db(), cfg);
  const interrupted = (await markInterruptedRuns(db(), [cfg.instanceId])).length;
  startHeartbeat(db(), cfg);
  const cutRunAlls = await recoverRunAlls(db(), cfg);
  if (cutRunAlls) console.log(`runlog: ${cutRunAlls} run-all(s) going at the last stop recorded as interrupted (Resume carries on)`);
  startEscalationWatch(db());
  setNotificationTargets(readNotifyConfig(process.env), cfg.baseUrl);
  startNotificationDelivery(db());
  if (interrupted) console.log(`runlog: ${interrupted} run(s) left running by the last stop recorded as interrupted`);

  const dev = process.env.NODE_ENV !== "production";
  const app = next({ dev, hostname: cfg.host, port: cfg.port });
  await app.prepare();
  const nextHandler = app.getRequestHandler();

  const trpcHandler = createHTTPHandler({
    router: appRouter,
    createContext,
    basePath: "/api/trpc/",
    // Read with a cap (a larger body is a 413 before it is in memory), and batches bounded.
    maxBodySize: MAX_BODY_BYTES,
    maxBatchSize: MAX_BATCH_CALLS,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`runlog: tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });

  const authHandler = toNodeHandler(auth());
  const trust = trustProxies(cfg.trustedProxies);
  const plainHeaders = securityHeaders(cfg.baseUrl.startsWith("https:"));
  const httpsHeaders = securityHeaders(true);
  const alertWebhook = alertmanagerWebhook(db, cfg);
  const clusterCall = clusterCalls(db, cfg);
  const server = http.createServer((req, res) => {
    applySecurityHeaders(req, res, viaHttps(req, trust) ? httpsHeaders : plainHeaders, dev);
    // A machine's endpoint: its bearer token is the guard, not the Origin.
    if (req.url?.split("?")[0] === ALERTMANAGER_PATH) return void alertWebhook(req, res);
    // For load balancers' health checks: this instance serves and reaches its database.
    if (req.url === HEALTH_PATH) return void health(req, res);
    // Another instance's call: signed with the cluster secret, not a browser's.
    if (req.url?.startsWith(CLUSTER_CALL_PREFIX)) return void clusterCall(req, res);
    const api = req.url?.startsWith("/api/auth/") ? "auth" : req.url?.startsWith("/api/trpc/") ? "trpc" : null;
    if (api && crossSiteRequest(req, cfg.trustedOrigins)) return refuseCrossSite(res);
    // Sign-in is open to anyone: its body is checked before better-auth reads it whole.
    if (api === "auth" && refuseLargeBody(req, res)) return;
    if (api === "auth") {
      // The client's address for sign-in throttling: the peer's, or what a trusted proxy says; never the client's word.
      req.headers[CLIENT_IP_HEADER] = clientAddress(req, trust);
      return void authHandler(req, res);
    }
    if (api === "trpc") return trpcHandler(req, res);
    void nextHandler(req, res);
  });
  server.on(
    "upgrade",
    createUpgradeRouter(db(), app.getUpgradeHandler(), {
      trustedOrigins: cfg.trustedOrigins,
      cfg,
      userOf: (req) => sessionUser(fromNodeHeaders(req.headers)),
    }),
  );

  const setupToken = await issueSetupToken(db());
  server.listen(cfg.port, cfg.host, () => {
    // The link first: whoever waits for "serving" has it then.
    if (setupToken)
      console.log(
        `runlog: no accounts yet. Create the first admin within ${SETUP_TTL_MS / 60_000} minutes (the link works once):\n  ${cfg.baseUrl}/setup?token=${setupToken}`,
      );
    console.log(
      `runlog: serving http://${cfg.host}:${cfg.port} (${dev ? "development" : "production"}), data in ${cfg.dataDir}${allocator ? `, allocator ${allocator}` : ""}`,
    );
    if (!["127.0.0.1", "localhost", "::1"].includes(cfg.host) && !cfg.baseUrl.startsWith("https:")) {
      console.warn(
        `runlog: WARNING: bound to ${cfg.host} without https: passwords and session cookies cross the network in clear. Put Runlog behind a TLS proxy and set RUNLOG_BASE_URL=https://…`,
      );
    }
  });

  const shutdown = async (signal: string) => {
    console.log(`runlog: ${signal}: stopping; ${liveRuns().size} running command(s) will be killed and recorded as interrupted`);
    server.close();
    await interruptLiveRuns();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

const HEALTH_PATH = "/api/health";

async function health(_req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const cfg = config();
  try {
    await db().$queryRaw`SELECT 1`;
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ ok: true, instance: cfg.instanceId }));
  } catch {
    res.writeHead(503, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ ok: false, instance: cfg.instanceId, error: "The database cannot be reached." }));
  }
}

function refuseCrossSite(res: http.ServerResponse): void {
  res.writeHead(403, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      error: { message: "Refused: this request came from another site (Origin not trusted). Set RUNLOG_BASE_URL to the address you use." },
    }),
  );
}

main().catch((err: Error) => {
  console.error(`runlog: could not start: ${err.message}`);
  process.exit(1);
});
