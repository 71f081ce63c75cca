// `npm run schema:postmortem`: writes the postmortem export's JSON Schema (from its zod schema) to
// public/postmortem.schema.json, where tooling fetches it. A test fails when the file is stale.
import { writeFileSync } from "node:fs";
import { postmortemJsonSchema } from "../server/export/postmortem-json-schema";

writeFileSync("public/postmortem.schema.json", postmortemJsonSchema());
console.log("wrote public/postmortem.schema.json");
