import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as tasks from "@/app/api/tasks/route";
import { auth } from "@/lib/auth/auth";
import { keyStore } from "@/lib/auth/require-user";
import { call, ORIGIN, signUp, type TestUser } from "../support/api";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

async function signWithAppKey(payload: Record<string, unknown>): Promise<string> {
  const { token } = await auth.api.signJWT({ body: { payload } });
  return token;
}

/** The classic algorithm-confusion forgery: HMAC keyed with the verifier's public key. */
async function hs256WithPublicKey(secret: (key: { kid: string; x: string }) => string | Uint8Array) {
  const response = await authRoute.GET(new Request(`${ORIGIN}/api/auth/jwks`));
  const { keys } = (await response.json()) as { keys: { kid: string; x: string }[] };
  const publicKey = keys.find((key) => key.kid === kid)!;
  const raw = secret(publicKey);
  const forged = await new SignJWT({ ...decodeJwt(user.token) })
    .setProtectedHeader({ alg: "HS256", kid })
    .sign(typeof raw === "string" ? new TextEncoder().encode(raw) : raw);
  return { authorization: `Bearer ${forged}` };
}

function listWith(headers: Record<string, string>, path = "/api/tasks") {
  return call(tasks.GET, "GET", path, { headers });
}

let user: TestUser;
let kid: string;

beforeAll(async () => {
  user = await signUp("Token Tester");
  kid = decodeProtectedHeader(user.token).kid as string;
});

describe("issued tokens", () => {
  it("are EdDSA with a kid, 15 minutes long, pinned iss/aud and a minimal payload", () => {
    const header = decodeProtectedHeader(user.token);
    expect(header.alg).toBe("EdDSA");
    expect(typeof header.kid).toBe("string");
    const payload = decodeJwt(user.token);
    expect(Object.keys(payload).sort()).toEqual(["aud", "email", "exp", "iat", "iss", "name", "sid", "sub"]);
    expect(payload).toMatchObject({ sub: user.id, email: user.email, name: "Token Tester", iss: ORIGIN, aud: ORIGIN });
    expect(payload.exp! - payload.iat!).toBe(15 * 60);
  });

  it("are verified against a JWKS that exposes public keys only", async () => {
    const response = await authRoute.GET(new Request(`${ORIGIN}/api/auth/jwks`));
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "x"]);
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
    }
    expect(keys.map((key) => key.kid)).toContain(kid);
  });

  it("authorise the task API", async () => {
    const response = await listWith({ authorization: `Bearer ${user.token}` });
    expect(response.status).toBe(200);
  });
});

describe("rejected credentials", () => {
  const cases: [string, () => Promise<Record<string, string>> | Record<string, string>, string?][] = [
    ["no Authorization header", () => ({})],
    ["an empty Bearer", () => ({ authorization: "Bearer " })],
    ["a Basic scheme", () => ({ authorization: `Basic ${Buffer.from("a:b").toString("base64")}` })],
    ["garbage", () => ({ authorization: "Bearer not.a.jwt" })],
    ["alg none", () => ({ authorization: `Bearer ${b64({ alg: "none", kid })}.${b64(decodeJwt(user.token))}.` })],
    [
      "alg none with a fake signature",
      () => ({ authorization: `Bearer ${b64({ alg: "none", kid })}.${b64(decodeJwt(user.token))}.AAAA` }),
    ],
    ["HS256 signed with the public JWK as the secret", () => hs256WithPublicKey((key) => JSON.stringify(key))],
    ["HS256 signed with the raw public key bytes", () => hs256WithPublicKey((key) => Buffer.from(key.x, "base64url"))],
    [
      "a tampered payload",
      () => {
        const [header, , signature] = user.token.split(".");
        const payload = b64({ ...decodeJwt(user.token), sub: "someone-else" });
        return { authorization: `Bearer ${header}.${payload}.${signature}` };
      },
    ],
    [
      "a tampered signature",
      () => {
        const [header, payload, signature] = user.token.split(".") as [string, string, string];
        const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
        return { authorization: `Bearer ${header}.${payload}.${flipped}` };
      },
    ],
    [
      "an expired token (beyond the 30 s skew)",
      async () => ({
        authorization: `Bearer ${await signWithAppKey({ sub: user.id, iat: now() - 900, exp: now() - 31 })}`,
      }),
    ],
    [
      "a token issued in the future",
      async () => ({
        authorization: `Bearer ${await signWithAppKey({ sub: user.id, iat: now() + 120, exp: now() + 900 })}`,
      }),
    ],
    [
      "a wrong issuer",
      async () => ({
        authorization: `Bearer ${await signWithAppKey({ sub: user.id, iat: now(), iss: "https://evil.example" })}`,
      }),
    ],
    [
      "a wrong audience",
      async () => ({
        authorization: `Bearer ${await signWithAppKey({ sub: user.id, iat: now(), aud: "https://evil.example" })}`,
      }),
    ],
    ["no sub", async () => ({ authorization: `Bearer ${await signWithAppKey({ iat: now() })}` })],
    ["no iat", async () => ({ authorization: `Bearer ${await signWithAppKey({ sub: user.id })}` })],
    // Tokens from before sessions were named: refused outright (see SECURITY.md, revocation).
    ["no sid", async () => ({ authorization: `Bearer ${await signWithAppKey({ sub: user.id, iat: now() })}` })],
    [
      "an unknown kid (a key we never issued)",
      async () => {
        const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
        const token = await new SignJWT({ sub: user.id })
          .setProtectedHeader({ alg: "EdDSA", kid: "not-our-key" })
          .setIssuedAt()
          .setExpirationTime("5m")
          .setIssuer(ORIGIN)
          .setAudience(ORIGIN)
          .sign(privateKey);
        return { authorization: `Bearer ${token}` };
      },
    ],
    [
      "our kid on a token signed by another key",
      async () => {
        const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
        const token = await new SignJWT({ sub: user.id })
          .setProtectedHeader({ alg: "EdDSA", kid })
          .setIssuedAt()
          .setExpirationTime("5m")
          .setIssuer(ORIGIN)
          .setAudience(ORIGIN)
          .sign(privateKey);
        return { authorization: `Bearer ${token}` };
      },
    ],
    ["the JWT in a cookie", () => ({ cookie: `token=${user.token}` })],
    ["a valid session cookie without a Bearer token", () => ({ cookie: user.cookie })],
  ];

  it.each(cases)("401 for %s", async (_name, headers) => {
    const response = await listWith(await headers());
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json).toEqual({
      type: "about:blank#unauthorized",
      title: "Unauthorized",
      status: 401,
      detail: "A valid Bearer token is required.",
      code: "unauthorized",
    });
  });

  it.each(["token", "access_token", "jwt"])("401 for the token in the query string as ?%s=", async (name) => {
    const response = await listWith({}, `/api/tasks?${name}=${user.token}`);
    expect(response.status).toBe(401);
  });

  it("accepts a token expired by less than the 30 s skew", async () => {
    const token = await signWithAppKey({ sub: user.id, sid: "a-live-session", iat: now() - 900, exp: now() - 10 });
    expect((await listWith({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it("accepts a lower-case bearer scheme", async () => {
    expect((await listWith({ authorization: `bearer ${user.token}` })).status).toBe(200);
  });
});

describe("verified-token cache", () => {
  it("serves a token it has verified only until the token expires", async () => {
    const token = await signWithAppKey({ sub: user.id, sid: "a-live-session", iat: now(), exp: now() + 60 });
    expect((await listWith({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await listWith({ authorization: `Bearer ${token}` })).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 95_000); // past exp + the 30 s skew
      expect((await listWith({ authorization: `Bearer ${token}` })).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("key set cache", () => {
  it("verifies known keys without reloading, and reloads at most once per 30 s for unknown kids", async () => {
    expect((await listWith({ authorization: `Bearer ${user.token}` })).status).toBe(200);
    const before = keyStore.refreshCount;

    for (let i = 0; i < 20; i += 1) {
      expect((await listWith({ authorization: `Bearer ${user.token}` })).status).toBe(200);
    }
    expect(keyStore.refreshCount).toBe(before);

    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const unknown = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new SignJWT({ sub: user.id })
          .setProtectedHeader({ alg: "EdDSA", kid: `unknown-${i}` })
          .setIssuedAt()
          .setExpirationTime("5m")
          .setIssuer(ORIGIN)
          .setAudience(ORIGIN)
          .sign(privateKey),
      ),
    );
    const statuses = await Promise.all(unknown.map((token) => listWith({ authorization: `Bearer ${token}` })));
    expect(statuses.map((response) => response.status)).toEqual(Array(20).fill(401));
    expect(keyStore.refreshCount - before).toBeLessThanOrEqual(1);
  });
});

describe("the first signing key", () => {
  it("is created once under concurrent first requests", async () => {
    const { prisma } = await import("@/lib/db/client");
    await prisma.jwks.deleteMany();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? authRoute.GET(new Request(`${ORIGIN}/api/auth/jwks`))
          : authRoute.GET(new Request(`${ORIGIN}/api/auth/token`, { headers: { cookie: user.cookie } })),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(200));
    expect(await prisma.jwks.count()).toBe(1);
  });
});
