import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { checkBearer } from "../auth/api-tokens";
import { sessionUser } from "../auth/session";
import { db } from "../db";
import { exportIncident } from "../export/export-incident";
import { readmeHtml } from "../docs/readme-html";
import { setupState as readSetupState, type SetupState } from "../auth/first-admin";
import { ZIncidentId } from "../shared/ids";
import type { ExportFormat } from "../shared/postmortem";
import { config } from "../config";
import type { SessionUser } from "../shared/roles";
import { contextFor } from "./init";
import { createCaller } from "./root";

/** Who is signed in, for React Server Components (null when nobody is). */
export async function currentUser(): Promise<SessionUser | null> {
  return sessionUser(await headers());
}

/**
 * The signed-in person, or a redirect to sign in (and back to `returnTo`); someone still holding
 * a password the CLI printed is sent to choose their own first.
 */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (user.mustChangePassword) redirect(`/account/password?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For React Server Components: the same procedures, role checks, validation and errors as over HTTP. */
export function serverCaller(user: SessionUser) {
  return createCaller(contextFor(user));
}

/** Whether single sign-on (OpenID Connect) is configured, for the sign-in page. */
export function ssoEnabled(): boolean {
  return config().oidc !== null;
}

/**
 * For tooling without a session (a postmortem pipeline): the export, with a bearer token of
 * scope `export`. The answer says why when the token does not do.
 */
export async function exportWithToken(authorization: string, incidentId: string, format: ExportFormat) {
  const check = await checkBearer(db(), authorization, "export");
  if (!check.ok) return { ok: false as const, status: check.status, message: check.message };
  if (!ZIncidentId.safeParse(incidentId).success) return { ok: false as const, status: 400 as const, message: "Not an incident id." };
  if (!(await db().incident.findUnique({ where: { id: incidentId }, select: { id: true } })))
    return { ok: false as const, status: 404 as const, message: `No incident ${incidentId}.` };
  return { ok: true as const, file: await exportIncident(db(), incidentId, format) };
}

/** The README as HTML, for the help page. */
export function helpHtml(): Promise<string> {
  return readmeHtml();
}

/** Whether the setup page may show its form for this token. */
export function setupState(token: string): Promise<SetupState> {
  return readSetupState(db(), token);
}
