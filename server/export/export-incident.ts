import type { PrismaClient } from "../generated/prisma/client";
import type { ExportFormat } from "../shared/postmortem";
import { buildPostmortem } from "./build-postmortem";
import { renderHtml } from "./render-html";
import { postmortemDocument } from "./postmortem-document";
import { toMarkdown } from "./to-markdown";

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: string;
}

const TYPES: Record<ExportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  json: "application/json; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** The incident's postmortem log as a file in one of the three formats. */
export async function exportIncident(db: PrismaClient, incidentId: string, format: ExportFormat, now = new Date()): Promise<ExportedFile> {
  const pm = await buildPostmortem(db, incidentId, now);
  const body =
    format === "md" ? toMarkdown(postmortemDocument(pm)) : format === "html" ? renderHtml(pm) : `${JSON.stringify(pm, null, 2)}\n`;
  return { filename: `postmortem-${incidentId}.${format}`, contentType: TYPES[format], body };
}
