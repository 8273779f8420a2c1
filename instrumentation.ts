// Runs once when a server starts. Validating the environment here makes a misconfigured
// production server (say, without SMTP_URL) refuse to start instead of failing its first requests.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/env");
}
