import "client-only";
import { createAuthClient } from "better-auth/react";

// Better Auth's browser client, on this origin's /api/auth. Sign-in and sign-up set the session
// cookie; the API token is fetched separately (see ./token).
export const authClient = createAuthClient();
