import { z } from "zod";
import { ZNotification } from "../shared/notification";

/** The JSON Schema of Runlog-format notifications, as `public/notification.schema.json` holds it. */
export function notificationJsonSchema(): string {
  const schema = z.toJSONSchema(ZNotification, { io: "output", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, $id: "https://runlog.dev/notification.schema.json", title: "Runlog notification" }, null, 2)}\n`;
}
