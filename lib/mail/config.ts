import "server-only";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * How mail leaves: through the SMTP server in SMTP_URL; into files under .data/outbox/ when no
 * server is configured outside production; or not at all (MAIL_DISABLED=true), in which case
 * password reset and email verification are switched off and the UI does not offer them.
 */
export type MailMode = "smtp" | "outbox" | "disabled";

export const mailMode: MailMode = env.MAIL_DISABLED ? "disabled" : env.SMTP_URL ? "smtp" : "outbox";

export const mailEnabled = mailMode !== "disabled";

export const OUTBOX_DIR = path.resolve(process.cwd(), ".data", "outbox");
