// `npm run schema:postmortem`: writes the JSON Schemas Runlog publishes (from their zod schemas):
// the postmortem export's and the notifications'. Tests fail when a file is stale.
import { writeFileSync } from "node:fs";
import { postmortemJsonSchema } from "../server/export/postmortem-json-schema";
import { notificationJsonSchema } from "../server/notify/notification-json-schema";

writeFileSync("public/postmortem.schema.json", postmortemJsonSchema());
writeFileSync("public/notification.schema.json", notificationJsonSchema());
console.log("wrote public/postmortem.schema.json and public/notification.schema.json");
