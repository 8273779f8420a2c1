import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { OUTBOX_DIR, mailMode } from "@/lib/mail/config";
import { listOutboxFiles } from "@/lib/mail/outbox-files";

export const metadata: Metadata = { title: "Outbox (development)" };

// The development outbox: mail the app would have sent, newest first. Never served in production.
export default async function OutboxPage() {
  await connection();
  if (process.env.NODE_ENV === "production") notFound();
  const messages = await listOutboxFiles(OUTBOX_DIR);
  return (
    <main className="workspace">
      <h1>Outbox</h1>
      <p>
        {mailMode === "outbox"
          ? "No SMTP_URL is set, so mail is kept in .data/outbox/ instead of being sent."
          : `Mail is ${mailMode === "smtp" ? "sent through SMTP_URL" : "disabled"}; this lists what was kept earlier.`}
      </p>
      {messages.length === 0 ? (
        <p role="status">No messages yet.</p>
      ) : (
        <ul aria-label="Messages">
          {messages.map((message) => (
            <li key={message.name}>
              <p>
                <strong>{message.subject}</strong> to {message.to},{" "}
                <time dateTime={message.sentAt.toISOString()}>{message.sentAt.toLocaleString("en")}</time>
              </p>
              <p>
                {message.link ? (
                  <>
                    <a href={message.link}>Open the link in “{message.subject}”</a>
                    {" · "}
                  </>
                ) : null}
                <a href={`/dev/outbox/${encodeURIComponent(message.name)}`}>Raw message</a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
