import { createServer } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

// A real SMTP server in the test process (nodemailer's smtp-server): the app sends to it over
// loopback exactly as it would to a provider, and each message is parsed with mailparser.

export type Inbox = {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Waits (polling, generous deadline) for a message to `to` that matches, and returns it. */
  waitFor: (to: string, match?: (mail: ParsedMail) => boolean, timeoutMs?: number) => Promise<ParsedMail>;
  /** Messages received so far for `to`. */
  for: (to: string) => ParsedMail[];
  /** Starts accepting connections (again) on the same port. */
  listen: () => Promise<void>;
  close: () => Promise<void>;
};

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export const recipients = (mail: ParsedMail): string[] =>
  [mail.to ?? []].flat().flatMap((group) => group.value.map((entry) => (entry.address ?? "").toLowerCase()));

/**
 * An inbox on a free loopback port. With `listening: false` the port is chosen but nothing
 * answers on it yet (a dead mail server) until `listen()` is called.
 */
export async function startInbox(options: { listening?: boolean } = {}): Promise<Inbox> {
  const port = await freeLoopbackPort();
  const messages: ParsedMail[] = [];
  let server: SMTPServer | null = null;

  async function listen() {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            messages.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
  }

  async function close() {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  const forAddress = (to: string) => messages.filter((mail) => recipients(mail).includes(to.toLowerCase()));

  async function waitFor(to: string, match: (mail: ParsedMail) => boolean = () => true, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = forAddress(to).find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = messages.map((mail) => `${recipients(mail).join(",")}: ${mail.subject}`);
        throw new Error(
          `no matching mail to ${to} within ${timeoutMs} ms; received: ${JSON.stringify(seen)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  if (options.listening !== false) await listen();
  return { url: `smtp://127.0.0.1:${port}`, port, messages, waitFor, for: forAddress, listen, close };
}

/** The first link in a message's text part. */
export function linkIn(mail: ParsedMail): string {
  const link = mail.text?.match(/^(https?:\/\/\S+)$/m)?.[1];
  if (!link) throw new Error(`no link in "${mail.subject}":\n${mail.text}`);
  return link;
}
