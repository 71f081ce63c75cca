import { routeError, textResponse } from "@/app/_lib/route-errors";
import { currentUser, serverCaller } from "@/server/trpc/server-caller";

type Ctx = { params: Promise<{ id: string; runId: string }> };

/**
 * GET /incidents/<id>/runs/<runId>/output: the run's whole output as plain text (up to the
 * stored cap), secrets masked; `download=1` saves it as a file. Any signed-in role.
 */
export async function GET(req: Request, { params }: Ctx): Promise<Response> {
  const { id, runId } = await params;
  const user = await currentUser();
  if (!user) return textResponse(401, "Sign in first.");
  try {
    const out = await serverCaller(user).runs.output({ incidentId: id, runId });
    const download = new URL(req.url).searchParams.get("download") === "1";
    return new Response(out.text.length > 0 ? `${out.text}\n` : "", {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `${download ? "attachment" : "inline"}; filename="${runId}.txt"`,
        "cache-control": "no-store",
        "x-runlog-run-running": String(out.running),
        "x-runlog-output-bytes": String(out.bytes),
        "x-runlog-output-capped": String(out.capped),
      },
    });
  } catch (err) {
    return routeError(err);
  }
}
