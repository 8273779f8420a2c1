import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { z } from "zod";
import { runAfterResponse } from "@/lib/after-response";
import { appOrigin, env } from "@/lib/env";
import { mailEnabled } from "@/lib/mail/config";
import {
  accountDeletedMail,
  changeEmailVerificationMail,
  emailChangeRequestedMail,
  existingAccountSignUpMail,
  passwordResetMail,
  verifyEmailMail,
} from "@/lib/mail/messages";
import { queueMail } from "@/lib/mail/queue";
import { consume } from "@/lib/rate-limit";

// The account lifecycle that runs on email: password reset, address verification, change of
// address, and the notices around sign-up and deletion. Each part is switched off with mail
// (MAIL_DISABLED=true), except deletion, which needs no mail to work.

export const RESET_LINK_LIFETIME = 3600;
export const VERIFY_LINK_LIFETIME = 24 * 3600;

/** Reset requests per address (whoever sends them) and per client IP, per 15 minutes. */
export const RESET_LIMIT_PER_EMAIL = 3;
export const RESET_LIMIT_PER_IP = 10;
export const RESET_LIMIT_WINDOW = 900;

const resetPage = (token: string) => `${appOrigin}/reset-password?token=${encodeURIComponent(token)}`;

/** Better Auth's `emailAndPassword` options for reset and verification. */
export const emailAndPasswordMailOptions = {
  // A reset ends every session of the account, wherever it is.
  revokeSessionsOnPasswordReset: true,
  resetPasswordTokenExpiresIn: RESET_LINK_LIFETIME,
  requireEmailVerification: mailEnabled && env.REQUIRE_EMAIL_VERIFICATION,
  ...(mailEnabled && {
    // The link goes straight to our page; Better Auth's own /reset-password/:token redirect
    // would put the token in a server log line on the way.
    sendResetPassword: ({ user, token }: { user: { email: string; name: string }; token: string }) =>
      queueMail(passwordResetMail(user.email, user.name, resetPage(token))),
    onExistingUserSignUp: ({ user }: { user: { email: string; name: string } }) =>
      queueMail(
        existingAccountSignUpMail(user.email, user.name, {
          signIn: `${appOrigin}/sign-in`,
          reset: `${appOrigin}/forgot-password`,
        }),
      ),
  }),
};

/** Better Auth's `emailVerification` options: a link on sign-up that verifies and signs in. */
export const emailVerificationOptions = mailEnabled
  ? {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: VERIFY_LINK_LIFETIME,
      sendVerificationEmail: async ({
        user,
        url,
      }: {
        user: { email: string; name: string };
        url: string;
      }) => {
        // Better Auth sends change-of-address links through here too, with the new address.
        await queueMail(
          isChangeOfAddress(url)
            ? changeEmailVerificationMail(user.email, user.name, url)
            : verifyEmailMail(user.email, user.name, url),
        );
      },
    }
  : undefined;

/** Whether a verify-email link completes a change of address (its JWT says so). */
function isChangeOfAddress(url: string): boolean {
  const token = new URL(url).searchParams.get("token") ?? "";
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    return payload?.requestType === "change-email-verification";
  } catch {
    return false;
  }
}

/** Better Auth's `user` options: change of address (verified at the new one) and deletion. */
export const userLifecycleOptions = {
  changeEmail: { enabled: mailEnabled },
  deleteUser: {
    enabled: true,
    afterDelete: async (user: { email: string; name: string }) => {
      if (mailEnabled) await queueMail(accountDeletedMail(user.email, user.name));
    },
  },
};

/** Better Auth's per-IP rule for reset requests (`rateLimit.customRules`). */
export const accountMailRateLimits = {
  "/request-password-reset": { window: RESET_LIMIT_WINDOW, max: RESET_LIMIT_PER_IP },
};

const resetRequestBody = z.object({ email: z.email() });

function tooManyRequests(retryAfter: number): APIError {
  return new APIError(
    "TOO_MANY_REQUESTS",
    { message: "Too many requests. Please try again later." },
    { "X-Retry-After": String(retryAfter) },
  );
}

export function accountEmail() {
  return {
    id: "account-email",
    hooks: {
      before: [
        {
          // Answered before the account is looked up, and the lookup, token and mail happen after
          // the response: the answer, and how long it takes, cannot depend on whether the account
          // exists. Server-side calls (no request) fall through to Better Auth, which is how the
          // deferred work itself runs.
          matcher: (context) =>
            context.path === "/request-password-reset" && Boolean(context.request) && mailEnabled,
          handler: createAuthMiddleware(async (ctx) => {
            const parsed = resetRequestBody.safeParse(ctx.body);
            if (!parsed.success) return; // Better Auth answers with its own validation error
            const email = parsed.data.email.toLowerCase();
            const limit = await consume("reset-email", email, RESET_LIMIT_PER_EMAIL, RESET_LIMIT_WINDOW);
            if (!limit.allowed) throw tooManyRequests(limit.retryAfter);
            runAfterResponse("password reset request", async () => {
              const { auth } = await import("./auth");
              await auth.api.requestPasswordReset({ body: { email } });
            });
            return ctx.json({
              status: true,
              message: "If this email exists in our system, check your email for the reset link",
            });
          }),
        },
        {
          // Deleting an account always takes its password, however fresh the session is.
          matcher: (context) => context.path === "/delete-user",
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as { password?: unknown; token?: unknown };
            if (typeof body.password !== "string" || body.password === "" || body.token !== undefined) {
              throw new APIError("BAD_REQUEST", {
                message: "Password is required",
                code: "PASSWORD_REQUIRED",
              });
            }
          }),
        },
      ],
      after: [
        {
          // The address being replaced hears about it at once, while it still owns the account.
          matcher: (context) => context.path === "/change-email" && mailEnabled,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (returned instanceof APIError || returned instanceof Error) return;
            const session = await getSessionFromCtx(ctx);
            const newEmail = (ctx.body as { newEmail?: string } | undefined)?.newEmail;
            if (!session || !newEmail) return;
            await queueMail(
              emailChangeRequestedMail(
                session.user.email,
                session.user.name,
                newEmail.toLowerCase(),
                `${appOrigin}/forgot-password`,
              ),
            );
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
