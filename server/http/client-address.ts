import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import proxyaddr from "proxy-addr";
import { normalizeAddress } from "../config";

/** Which peers' forwarding headers to believe: RUNLOG_TRUSTED_PROXIES (addresses or CIDR ranges), by default none. */
export function trustProxies(list: string[]): (address: string, hop: number) => boolean {
  return proxyaddr.compile(list);
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the nearest
 * address in X-Forwarded-For that is not one (so a client cannot name itself by sending the header).
 */
export function clientAddress(req: IncomingMessage, trust: (address: string, hop: number) => boolean): string {
  if (!req.socket.remoteAddress) return "unknown";
  return normalizeAddress(proxyaddr(req, trust));
}

/** Whether the browser's connection is https: TLS here, or a trusted proxy's X-Forwarded-Proto says so. */
export function viaHttps(req: IncomingMessage, trust: (address: string, hop: number) => boolean): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const peer = req.socket.remoteAddress;
  if (!peer || !trust(peer, 0)) return false;
  const proto = req.headers["x-forwarded-proto"];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase() === "https";
}
