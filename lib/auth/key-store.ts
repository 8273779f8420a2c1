import "server-only";
import { importJWK, type JWK, type JWTHeaderParameters } from "jose";
import { TOKEN_ALGORITHM, TOKEN_CURVE } from "./tokens";

// Verification keys held in memory. In steady state a token's `kid` is found here and verifying it
// costs no I/O. An unknown `kid` (a key minted after we loaded, or a forgery) triggers a reload of
// the key source, at most once per cooldown, shared by all requests waiting on it.

export type PublicJwk = JWK & { kid: string };
export type KeySource = () => Promise<PublicJwk[]>;

/** The key source failed: the request cannot be judged, so it is a 503 rather than a 401. */
export class KeySourceUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The signing key source is unavailable", { cause });
    this.name = "KeySourceUnavailableError";
  }
}

/** The token names a key we do not have, or an algorithm we do not accept. */
export class UnknownKeyError extends Error {
  constructor() {
    super("No matching verification key");
    this.name = "UnknownKeyError";
  }
}

export class KeyStore {
  private keys = new Map<string, CryptoKey | Uint8Array>();
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastError: unknown = null;
  private inflight: Promise<void> | null = null;
  /** How many times the key source was asked; tests and the benchmark read it. */
  refreshCount = 0;

  constructor(
    private readonly load: KeySource,
    private readonly cooldownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Key resolver for jose's `jwtVerify`. */
  readonly getKey = async (header: JWTHeaderParameters): Promise<CryptoKey | Uint8Array> => {
    if (header.alg !== TOKEN_ALGORITHM || typeof header.kid !== "string") throw new UnknownKeyError();
    const cached = this.keys.get(header.kid);
    if (cached) return cached;
    if (this.inflight) await this.inflight;
    else if (this.now() - this.lastAttemptAt >= this.cooldownMs) await this.refresh();
    const loaded = this.keys.get(header.kid);
    if (loaded) return loaded;
    if (this.lastError) throw new KeySourceUnavailableError(this.lastError);
    throw new UnknownKeyError();
  };

  /** Lets the next unknown `kid` reload at once, e.g. right after this process minted a key. */
  invalidate(): void {
    this.lastAttemptAt = Number.NEGATIVE_INFINITY;
  }

  private refresh(): Promise<void> {
    this.lastAttemptAt = this.now();
    this.refreshCount += 1;
    this.inflight = this.reload().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async reload(): Promise<void> {
    try {
      const jwks = await this.load();
      const next = new Map<string, CryptoKey | Uint8Array>();
      for (const jwk of jwks) {
        if (jwk.kty !== "OKP" || jwk.crv !== TOKEN_CURVE || (jwk.alg && jwk.alg !== TOKEN_ALGORITHM)) continue;
        // Only public members: a private `d` must never become a verification key.
        const { kty, crv, x } = jwk;
        next.set(jwk.kid, await importJWK({ kty, crv, x }, TOKEN_ALGORITHM));
      }
      this.keys = next;
      this.lastError = null;
    } catch (error) {
      this.lastError = error;
    }
  }
}
