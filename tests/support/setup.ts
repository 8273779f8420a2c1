import { inject } from "vitest";

// Runs before each test file imports the app, so lib/env.ts sees a complete environment.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.BETTER_AUTH_SECRET = "test-secret-of-at-least-thirty-two-characters";
process.env.BETTER_AUTH_URL = "http://localhost:3000";
process.env.DATABASE_POOL_SIZE = inject("databasePoolSize");
delete process.env.AUTH_JWKS_URL;
// No mail unless a test file points SMTP_URL at its own SMTP server (tests/support/smtp.ts).
process.env.MAIL_DISABLED = "true";
delete process.env.SMTP_URL;
delete process.env.REQUIRE_EMAIL_VERIFICATION;
