import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../config";
import { tempEnv, type TempEnv } from "../testing/temp-db";
import { createAuth } from "./auth";
import { roleFromClaims } from "./oidc-role";

// An identity provider's discovery document on loopback: all Runlog reads before redirecting.
let idp: http.Server;
let issuer: string;
let env: TempEnv;
beforeAll(async () => {
  idp = http.createServer((req, res) => {
    if (req.url !== "/.well-known/openid-configuration") return void res.writeHead(404).end();
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
      }),
    );
  });
  await new Promise<void>((r) => idp.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  env = await tempEnv();
});
afterAll(async () => {
  idp.close();
  await env.cleanup();
});

describe("single sign-on (OpenID Connect)", () => {
  it("is configured by three settings together, and sends people to the provider with PKCE", async () => {
    expect(() => readConfig({ RUNLOG_OIDC_ISSUER: issuer })).toThrow(
      /needs RUNLOG_OIDC_ISSUER, RUNLOG_OIDC_CLIENT_ID and RUNLOG_OIDC_CLIENT_SECRET together/,
    );
    const cfg = readConfig({
      RUNLOG_DATA_DIR: env.dir,
      PORT: "3000",
      RUNLOG_OIDC_ISSUER: issuer,
      RUNLOG_OIDC_CLIENT_ID: "runlog",
      RUNLOG_OIDC_CLIENT_SECRET: "s3cret-client",
    });
    const auth = createAuth(env.prisma, cfg);
    const res = await auth.handler(
      new Request("http://127.0.0.1:3000/api/auth/sign-in/social", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000", "x-runlog-client-ip": "10.0.0.9" },
        body: JSON.stringify({ provider: "oidc", callbackURL: "/" }),
      }),
    );
    expect(res.status).toBe(200);
    const url = new URL(((await res.json()) as { url: string }).url);
    expect(`${url.origin}${url.pathname}`).toBe(`${issuer}/authorize`);
    expect(url.searchParams.get("client_id")).toBe("runlog");
    expect(url.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:3000/api/auth/callback/oidc");
    expect(url.searchParams.get("scope")).toBe("openid email profile");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  });

  it("maps the role claim to the highest role matched, viewer when none is; the settings are checked", () => {
    const map = new Map([
      ["sre-oncall", "responder" as const],
      ["sre-leads", "commander" as const],
    ]);
    expect(roleFromClaims({ groups: ["staff", "sre-oncall"] }, "groups", map)).toBe("responder");
    expect(roleFromClaims({ groups: ["sre-leads", "sre-oncall"] }, "groups", map)).toBe("commander");
    expect(roleFromClaims({ groups: "sre-leads" }, "groups", map)).toBe("commander");
    expect(roleFromClaims({ groups: ["staff"] }, "groups", map)).toBe("viewer");
    expect(roleFromClaims({}, "groups", map)).toBe("viewer");
    const base = { RUNLOG_OIDC_ISSUER: issuer, RUNLOG_OIDC_CLIENT_ID: "runlog", RUNLOG_OIDC_CLIENT_SECRET: "s" };
    const cfg = readConfig({
      ...base,
      RUNLOG_OIDC_ROLE_CLAIM: "groups",
      RUNLOG_OIDC_ROLE_MAP: "sre-oncall=responder, sre-leads=commander",
    });
    expect([...cfg.oidc!.roleMap]).toEqual([
      ["sre-oncall", "responder"],
      ["sre-leads", "commander"],
    ]);
    expect(() => readConfig({ ...base, RUNLOG_OIDC_ROLE_CLAIM: "groups", RUNLOG_OIDC_ROLE_MAP: "sre-oncall=root" })).toThrow(
      /"sre-oncall=root" is not value=role/,
    );
    expect(() => readConfig({ ...base, RUNLOG_OIDC_ROLE_MAP: "a=viewer" })).toThrow(/needs RUNLOG_OIDC_ROLE_CLAIM/);
    expect(() => readConfig({ RUNLOG_OIDC_ROLE_CLAIM: "groups" })).toThrow(/needs OpenID Connect/);
  });
});
