/** Where the browser exchanges its session cookie for an API token (also fetched by the early script). */
export const TOKEN_URL = "/api/auth/token";
