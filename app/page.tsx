import { getSessionCookie } from "better-auth/cookies";
import { headers } from "next/headers";
import { redirect } from "next/navigation";

// proxy.ts normally answers "/" before this renders; this is the fallback, with the same rule.
export default async function Home() {
  redirect(getSessionCookie(await headers()) ? "/tasks" : "/sign-in");
}
