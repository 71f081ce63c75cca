import { z } from "zod";
import { exportIncident } from "../../export/export-incident";
import { ZIncidentId } from "../../shared/ids";
import { ZExportFormat } from "../../shared/postmortem";
import { viewerProcedure } from "../../trpc/init";

/** The postmortem log of an incident as a file: Markdown, JSON or printable HTML. */
export const exportIncidentProcedure = viewerProcedure
  .input(z.object({ id: ZIncidentId, format: ZExportFormat }))
  .output(z.object({ filename: z.string(), contentType: z.string(), body: z.string() }))
  .query(({ ctx, input }) => exportIncident(ctx.db, input.id, input.format));
