import "server-only";
import type { OutgoingMail } from "./transport";

// Every message the app sends: a text part and an HTML part saying the same thing. The HTML is
// self-contained (inline styles, no images, fonts or remote stylesheets, so opening it contacts
// nobody), declares its language, has one heading and link text that says where the link goes.
// The text part carries the link on a line of its own, which the development outbox relies on.

type Content = {
  to: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer: string;
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function compose({ to, subject, heading, paragraphs, action, footer }: Content): OutgoingMail {
  const text = [
    heading,
    "",
    ...paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...(action ? [`${action.label}:`, action.url, ""] : []),
    "-- ",
    footer,
    "",
  ].join("\n");

  const p = 'style="margin:0 0 16px;font-size:16px;line-height:1.5"';
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2937;background:#ffffff">
<div role="article" aria-roledescription="email" aria-label="${escapeHtml(subject)}" style="max-width:560px;margin:0 auto">
<h1 style="margin:0 0 24px;font-size:22px;line-height:1.3">${escapeHtml(heading)}</h1>
${paragraphs.map((paragraph) => `<p ${p}>${escapeHtml(paragraph)}</p>`).join("\n")}
${
  action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:12px 20px;border-radius:8px;background:#4338ca;color:#ffffff;font-weight:600;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p ${p}>If the button does not work, copy this address into your browser:<br><span style="word-break:break-all">${escapeHtml(action.url)}</span></p>`
    : ""
}
<hr style="border:none;border-top:1px solid #d1d5db;margin:32px 0 16px">
<p style="margin:0;font-size:14px;line-height:1.5;color:#4b5563">${escapeHtml(footer)}</p>
</div>
</body>
</html>
`;
  return { to, subject, text, html };
}

const NOT_YOU = "If you did not ask for this, you can ignore this message: nothing changes.";

export function passwordResetMail(to: string, name: string, url: string): OutgoingMail {
  return compose({
    to,
    subject: "Reset your Evo-TODO password",
    heading: "Reset your password",
    paragraphs: [
      `Hello ${name},`,
      "Someone (hopefully you) asked to reset the password of your Evo-TODO account. The link below works once, for one hour. Setting a new password signs you out everywhere.",
    ],
    action: { label: "Choose a new password", url },
    footer: NOT_YOU,
  });
}

export function verifyEmailMail(to: string, name: string, url: string): OutgoingMail {
  return compose({
    to,
    subject: "Confirm your email for Evo-TODO",
    heading: "Confirm your email address",
    paragraphs: [
      `Hello ${name},`,
      "Confirm that this address belongs to you to finish setting up your Evo-TODO account.",
    ],
    action: { label: "Confirm my email address", url },
    footer: NOT_YOU,
  });
}

export function existingAccountSignUpMail(
  to: string,
  name: string,
  urls: { signIn: string; reset: string | null },
): OutgoingMail {
  return compose({
    to,
    subject: "Someone tried to sign up with your email",
    heading: "Someone tried to sign up with your email",
    paragraphs: [
      `Hello ${name},`,
      "Someone tried to create a new Evo-TODO account with this email address, which already has an account. No new account was created and your account is unchanged.",
      urls.reset
        ? `If it was you, sign in instead (${urls.signIn}), or reset your password if you have forgotten it.`
        : `If it was you, sign in instead: ${urls.signIn}`,
    ],
    action: urls.reset
      ? { label: "Reset my password", url: urls.reset }
      : { label: "Sign in", url: urls.signIn },
    footer: "If it was not you, you can ignore this message.",
  });
}

export function changeEmailVerificationMail(to: string, name: string, url: string): OutgoingMail {
  return compose({
    to,
    subject: "Confirm your new email for Evo-TODO",
    heading: "Confirm your new email address",
    paragraphs: [
      `Hello ${name},`,
      "You asked to use this address for your Evo-TODO account. The change takes effect once you confirm it.",
    ],
    action: { label: "Confirm my new email address", url },
    footer: NOT_YOU,
  });
}

export function emailChangeRequestedMail(
  to: string,
  name: string,
  newEmail: string,
  resetUrl: string,
): OutgoingMail {
  return compose({
    to,
    subject: "Your Evo-TODO email is about to change",
    heading: "Your email is about to change",
    paragraphs: [
      `Hello ${name},`,
      `Someone signed in to your Evo-TODO account asked to change its email address to ${newEmail}. The change happens when that address is confirmed; after that, this address no longer signs in.`,
      "If this was not you, reset your password now: that signs everyone out of your account.",
    ],
    action: { label: "Reset my password", url: resetUrl },
    footer: "If it was you, there is nothing to do.",
  });
}

export function accountDeletedMail(to: string, name: string): OutgoingMail {
  return compose({
    to,
    subject: "Your Evo-TODO account was deleted",
    heading: "Your account was deleted",
    paragraphs: [
      `Hello ${name},`,
      "Your Evo-TODO account, its tasks and its sessions were deleted just now, as asked. This cannot be undone.",
      "You can create a new account with this address at any time.",
    ],
    footer: "You receive this message because this address belonged to the deleted account.",
  });
}
