import { ApiError, problemResponse } from "@/lib/api/errors";
import { json } from "@/lib/api/handler";
import { Prisma, queryRows } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await queryRows(Prisma.sql`SELECT 1`);
    return json({ status: "ok" });
  } catch (error) {
    console.warn("[health] database check failed:", error instanceof Error ? error.message.split("\n")[0] : error);
    return problemResponse(new ApiError("service_unavailable", "The database is unavailable."));
  }
}
