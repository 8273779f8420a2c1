// Every topic the event bus carries and the payload it carries. A feature adds its topic here, so
// publishers and subscribers agree on the shape at compile time. Payloads are JSON and at most
// MAX_PAYLOAD_BYTES when serialised (Postgres NOTIFY's limit, applied on every engine alike).

export type RevocationEvent = {
  /** An ended session (subject: its id), or a user whose tokens issued before `at` are refused. */
  kind: "session" | "user";
  subject: string;
  /** Epoch milliseconds: when the session ended, or the user's not-before time. */
  at: number;
  /** Epoch milliseconds after which no token it covers can still be valid. */
  expiresAt: number;
};

export interface EventTopics {
  "auth.revocation": RevocationEvent;
}

export type Topic = keyof EventTopics;
