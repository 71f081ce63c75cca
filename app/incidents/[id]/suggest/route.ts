import { routeError, textResponse as text } from "@/app/_lib/route-errors";
import { currentUser, serverCaller } from "@/server/trpc/server-caller";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /incidents/<id>/suggest: what the incident suggests changing in its runbook, as a unified
 * diff for `git apply` (a download with `download=1`). Responders and up.
 */
export async function GET(req: Request, { params }: Ctx): Promise<Response> {
  const { id } = await params;
  const user = await currentUser();
  if (!user) return text(401, "Sign in first.");
  try {
    const { diff, changes, file } = await serverCaller(user).incidents.suggestChanges({ id });
    if (changes === 0)
      return text(200, `This incident suggests no change to ${file}: no command was edited, no check failed, nothing was skipped.\n`);
    const download = new URL(req.url).searchParams.get("download") === "1";
    return new Response(diff, {
      headers: {
        "content-type": "text/x-diff; charset=utf-8",
        "content-disposition": `${download ? "attachment" : "inline"}; filename="${id}-runbook.diff"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return routeError(err);
  }
}
