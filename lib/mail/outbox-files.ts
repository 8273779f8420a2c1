import "server-only";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

// The development outbox: one .eml file per message (what an SMTP server would have received),
// named so that a directory listing is in sending order.

export type OutboxFile = { name: string; sentAt: Date; to: string; subject: string; link: string | null };

export async function writeOutboxFile(dir: string, id: string, raw: Buffer): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${id}.eml`;
  await writeFile(path.join(dir, name), raw, { mode: 0o600 });
  return name;
}

const NAME = /^[\w.-]+\.eml$/;

/** The newest messages first, with the headers a list needs and the first link of the text part. */
export async function listOutboxFiles(dir: string, limit = 100): Promise<OutboxFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const newest = names
    .filter((name) => NAME.test(name))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(
    newest.map(async (name) => {
      const raw = await readFile(path.join(dir, name), "utf8");
      const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
      const header = (field: string) =>
        (head.match(new RegExp(`^${field}: (.*(?:\\r?\\n[ \\t].*)*)`, "im"))?.[1] ?? "").replace(
          /\r?\n[ \t]/g,
          " ",
        );
      const date = new Date(header("Date"));
      return {
        name,
        sentAt: Number.isNaN(date.getTime()) ? new Date(0) : date,
        to: header("To"),
        subject: decodeMimeWords(header("Subject")),
        link: firstLink(raw),
      };
    }),
  );
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= or =?UTF-8?B?…?=), as nodemailer writes non-ASCII subjects. */
function decodeMimeWords(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_match, encoding: string, text: string) =>
    encoding.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text
            .replace(/_/g, " ")
            .replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

/** Messages carry their link on a line of its own in the text part (see ./messages.ts). */
function firstLink(raw: string): string | null {
  const unfolded = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  return unfolded.match(/^(https?:\/\/\S+)$/m)?.[1] ?? null;
}
