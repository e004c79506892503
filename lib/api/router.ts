import type { IncomingMessage, ServerResponse } from "node:http";

export async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(404, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: "fail", code: "1001", message: "Not found." }));
}
