import { z } from "zod";
import { ZPostmortem } from "../shared/postmortem";

/** The JSON Schema of the JSON export, as the file `public/postmortem.schema.json` holds it. */
export function postmortemJsonSchema(): string {
  const schema = z.toJSONSchema(ZPostmortem, { io: "output", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, $id: "https://runlog.dev/postmortem.schema.json", title: "Runlog postmortem export" }, null, 2)}\n`;
}
