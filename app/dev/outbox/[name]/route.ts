import { readFile } from "node:fs/promises";
import path from "node:path";
import { OUTBOX_DIR } from "@/lib/mail/config";

// One .eml file of the development outbox, as text. Never served in production.
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (process.env.NODE_ENV === "production" || !/^[\w.-]+\.eml$/.test(name)) {
    return new Response("Not found", { status: 404 });
  }
  const raw = await readFile(path.join(OUTBOX_DIR, name), "utf8").catch(() => null);
  if (raw === null) return new Response("Not found", { status: 404 });
  return new Response(raw, { headers: { "content-type": "text/plain; charset=utf-8" } });
}
