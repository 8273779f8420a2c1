// Rotates the JWT signing key now: `npm run keys:rotate` with the app's DATABASE_URL and
// BETTER_AUTH_SECRET. The new key is published at once and signs from one minute on; tokens signed
// by the old key keep verifying until JWKS_GRACE_PERIOD ends.
import { rotateSigningKey } from "@/lib/auth/signing-keys";
import { prisma } from "@/lib/db/client";

const { kid, signsFrom, rotated } = await rotateSigningKey();
console.log(
  rotated
    ? `Published signing key ${kid}; it signs from ${signsFrom.toISOString()}.`
    : `A rotation is already under way: key ${kid} signs from ${signsFrom.toISOString()}.`,
);
await prisma.$disconnect();
