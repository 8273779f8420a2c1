import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

// A per-user limit that does not cost a shared-store round trip on every request. Each instance
// takes points from the shared counter in small batches ("leases") and spends them locally; only
// when its batch is empty does it go back to the store. Every point is taken from the shared
// counter before it is spent, so all instances together never admit more than the limit in a
// window (no overshoot, apart from clock differences between instances at the window's edge). The
// price is the other way round: an instance can hold up to `maxLease` points it has taken but not
// spent, so a user whose requests are spread over N instances can be refused up to
// (N − 1) × maxLease requests early in a window; for two instances, at most `maxLease`.
//
// Leases start at one point and double each time one is used up, up to `maxLease`, and start at
// one again after a window that left points unspent, so a user seen now and then on an instance
// strands at most one point there. Small limits get
// `maxLease` = 1, and are then exactly the shared counter.

export type QuotaDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

type KeyState = {
  /** Points taken from the store and not yet spent. */
  tokens: number;
  /** The next lease's size. */
  size: number;
  /** The end of the store's window these tokens belong to. */
  windowEndsAt: number;
  /** The store gave less than asked: once `tokens` are spent, refuse until the window ends. */
  exhausted: boolean;
  leasing: Promise<void> | null;
};

/** The lease cap for a limit of `max`: 1/32 of it, between 1 and 100. */
export const maxLeaseFor = (max: number) => Math.max(1, Math.min(100, Math.floor(max / 32)));

const SWEEP_AT = 10_000;

export class LeasedQuota {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly store: RateLimiterAbstract,
    private readonly max: number,
    readonly maxLease: number = maxLeaseFor(max),
  ) {}

  async consume(key: string): Promise<QuotaDecision> {
    for (;;) {
      const state = this.current(key);
      if (state.tokens > 0) {
        state.tokens -= 1;
        return { allowed: true };
      }
      if (state.exhausted) return { allowed: false, retryAfterMs: state.windowEndsAt - Date.now() };
      // One lease at a time per key: concurrent requests wait for it and then share its points.
      state.leasing ??= this.lease(key, state).finally(() => (state.leasing = null));
      await state.leasing;
    }
  }

  private current(key: string): KeyState {
    const now = Date.now();
    let state = this.keys.get(key);
    if (state && state.windowEndsAt <= now && !state.leasing) {
      // A new window: unspent points belonged to the old one. A user who left some unspent starts
      // again at one point; one who spent everything keeps the lease size learned.
      state = { tokens: 0, size: state.tokens > 0 ? 1 : state.size, windowEndsAt: 0, exhausted: false, leasing: null };
      this.keys.set(key, state);
    }
    if (!state) {
      if (this.keys.size >= SWEEP_AT) this.sweep(now);
      state = { tokens: 0, size: 1, windowEndsAt: 0, exhausted: false, leasing: null };
      this.keys.set(key, state);
    }
    return state;
  }

  private async lease(key: string, state: KeyState): Promise<void> {
    const size = Math.min(state.size, this.maxLease);
    let result: RateLimiterRes;
    let granted = size;
    try {
      result = await this.store.consume(key, size);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      result = error;
      // The counter now stands past the limit; what was left before this lease is ours.
      granted = Math.max(0, Math.min(size, this.max - (result.consumedPoints - size)));
      state.exhausted = true;
    }
    const windowEndsAt = Date.now() + result.msBeforeNext;
    state.windowEndsAt = windowEndsAt;
    state.tokens += granted;
    state.size = Math.min(this.maxLease, size * 2);
  }

  private sweep(now: number) {
    for (const [key, state] of this.keys) if (state.windowEndsAt <= now && !state.leasing) this.keys.delete(key);
  }
}
