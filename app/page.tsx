import { redirect } from "next/navigation";

// proxy.ts normally answers "/" before this renders; this is the fallback.
export default function Home() {
  redirect("/sign-in");
}
