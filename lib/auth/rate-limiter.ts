// Sign-in throttling, in memory: a sliding window of failed attempts per key (email + IP).
// In memory is enough for one web process; several processes would each allow `max` per window,
// which still caps guessing. Successful sign-in clears the key.
export type TRateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(key: string): TRateLimitDecision {
    const recent = this.prune(key);
    if (recent.length < this.max) return { allowed: true };
    const oldest = recent[0] ?? this.now();
    return { allowed: false, retryAfterMs: Math.max(0, oldest + this.windowMs - this.now()) };
  }

  recordFailure(key: string): void {
    const recent = this.prune(key);
    recent.push(this.now());
    this.hits.set(key, recent);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private prune(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > cutoff);
    if (recent.length === 0) this.hits.delete(key);
    else this.hits.set(key, recent);
    return recent;
  }
}

export const SIGNIN_MAX_FAILURES = 5;
export const SIGNIN_WINDOW_MS = 15 * 60 * 1000;

const g = globalThis as unknown as { ffSigninLimiter?: SlidingWindowLimiter };
/** One limiter per process (survives Next dev reloads through globalThis). */
export function signinLimiter(): SlidingWindowLimiter {
  g.ffSigninLimiter ??= new SlidingWindowLimiter(SIGNIN_MAX_FAILURES, SIGNIN_WINDOW_MS);
  return g.ffSigninLimiter;
}

export function signinKey(email: string, ip: string): string {
  return `${email.trim().toLowerCase()}|${ip}`;
}
