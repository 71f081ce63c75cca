import { routeError, textResponse as text } from "@/app/_lib/route-errors";
import { currentUser, serverCaller } from "@/server/trpc/server-caller";
import { ZExportFormat } from "@/server/shared/postmortem";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /incidents/<id>/export?format=md|json|html: the postmortem log as a download (HTML opens
 * in the browser, ready to print, unless `download=1`). Signed-in people with any role.
 */
export async function GET(req: Request, { params }: Ctx): Promise<Response> {
  const { id } = await params;
  const url = new URL(req.url);
  const format = ZExportFormat.safeParse(url.searchParams.get("format") ?? "md");
  if (!format.success) return text(400, "Unknown format: use md, json or html.");
  const user = await currentUser();
  if (!user) return text(401, "Sign in first.");
  try {
    const file = await serverCaller(user).incidents.export({ id, format: format.data });
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
