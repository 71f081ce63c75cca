import { routeError, textResponse as text } from "@/app/_lib/route-errors";
import { currentUser, exportWithToken, serverCaller } from "@/server/trpc/server-caller";
import { ZExportFormat } from "@/server/shared/postmortem";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /incidents/<id>/export?format=md|json|html: the postmortem log as a download (HTML opens
 * in the browser, ready to print, unless `download=1`). Signed-in people with any role, or a
 * machine with a bearer token of scope `export`.
 */
export async function GET(req: Request, { params }: Ctx): Promise<Response> {
  const { id } = await params;
  const url = new URL(req.url);
  const format = ZExportFormat.safeParse(url.searchParams.get("format") ?? "md");
  if (!format.success) return text(400, "Unknown format: use md, json or html.");
  const bearer = req.headers.get("authorization");
  const user = bearer ? null : await currentUser();
  if (!bearer && !user) return text(401, "Sign in first.");
  try {
    let file;
    if (bearer) {
      const got = await exportWithToken(bearer, id, format.data);
      if (!got.ok) return text(got.status, got.message);
      file = got.file;
    } else file = await serverCaller(user!).incidents.export({ id, format: format.data });
    const inline = format.data === "html" && url.searchParams.get("download") !== "1";
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `${inline ? "inline" : "attachment"}; filename="${file.filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (err) {
    return routeError(err);
  }
}
