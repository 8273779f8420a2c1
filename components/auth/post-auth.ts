// A POST to one of Better Auth's endpoints from a form, without loading its client: a network
// failure reads as status 0, and the error's code and message come from Better Auth's body.

export type AuthResult =
  { ok: true; body: unknown } | { ok: false; status: number; code?: string; message?: string };

export async function postAuth(path: string, body: unknown): Promise<AuthResult> {
  try {
    const response = await fetch(`/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
    if (response.ok) return { ok: true, body: json };
    return { ok: false, status: response.status, code: json?.code, message: json?.message };
  } catch {
    return { ok: false, status: 0 };
  }
}
