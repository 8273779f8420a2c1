import { json } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/openapi/document";

const document = buildOpenApiDocument();

export function GET(): Response {
  return json(document);
}
