import "server-only";

// Token rules shared by the issuer (Better Auth's jwt plugin) and the verifier (requireUser).
export const TOKEN_ALGORITHM = "EdDSA";
export const TOKEN_CURVE = "Ed25519";
export const TOKEN_LIFETIME = "15m";
export const TOKEN_LIFETIME_SECONDS = 15 * 60;
export const CLOCK_SKEW_SECONDS = 30;
export const JWKS_REFRESH_COOLDOWN_MS = 30_000;
