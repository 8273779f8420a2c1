import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { OUTBOX_DIR, mailMode } from "./config";
import { writeOutboxFile } from "./outbox-files";

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

// A server that accepts the connection and then says nothing must not hold a delivery for
// nodemailer's default of minutes: a failed attempt is retried later anyway.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

let smtp: Transporter | undefined;
let composer: Transporter | undefined;

/** Hands one message to the SMTP server, or writes it to the development outbox. Throws on failure. */
export async function deliver(id: string, mail: OutgoingMail): Promise<void> {
  const message = { from: env.MAIL_FROM, ...mail, messageId: `<${id}@evo-todo>` };
  if (mailMode === "smtp") {
    smtp ??= nodemailer.createTransport({ url: env.SMTP_URL, ...TIMEOUTS });
    await smtp.sendMail(message);
    return;
  }
  if (mailMode === "outbox") {
    // nodemailer's stream transport builds the raw message (MIME, both parts) without sending it.
    composer ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    const info = await composer.sendMail(message);
    const name = await writeOutboxFile(OUTBOX_DIR, id, info.message as Buffer);
    const link = mail.text.match(/^(https?:\/\/\S+)$/m)?.[1];
    console.log(
      `[mail] "${mail.subject}" to ${mail.to}: .data/outbox/${name}${link ? `\n[mail]   ${link}` : ""}`,
    );
    return;
  }
  throw new Error("mail is disabled (MAIL_DISABLED=true)");
}
