// Sign-in throttling, in memory: sliding windows of failed attempts per (email, IP), per IP and per email.
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
/** Failures one client may spend across all accounts (spraying), and one account across all clients. */
export const SIGNIN_MAX_PER_IP = 30;
export const SIGNIN_MAX_PER_ACCOUNT = 20;

export function signinKey(email: string, ip: string): string {
  return `${email.trim().toLowerCase()}|${ip}`;
}

/** Three windows, all checked before any hashing: (account, client), client, account. */
export class SigninThrottle {
  readonly pair: SlidingWindowLimiter;
  readonly ip: SlidingWindowLimiter;
  readonly account: SlidingWindowLimiter;
  constructor(now: () => number = Date.now) {
    this.pair = new SlidingWindowLimiter(SIGNIN_MAX_FAILURES, SIGNIN_WINDOW_MS, now);
    this.ip = new SlidingWindowLimiter(SIGNIN_MAX_PER_IP, SIGNIN_WINDOW_MS, now);
    this.account = new SlidingWindowLimiter(SIGNIN_MAX_PER_ACCOUNT, SIGNIN_WINDOW_MS, now);
  }

  check(email: string, ip: string): TRateLimitDecision {
    const ds = [this.pair.check(signinKey(email, ip)), this.ip.check(ip), this.account.check(email.trim().toLowerCase())];
    const blocked = ds.filter((d): d is Extract<TRateLimitDecision, { allowed: false }> => !d.allowed);
    return blocked.length ? { allowed: false, retryAfterMs: Math.max(...blocked.map((d) => d.retryAfterMs)) } : { allowed: true };
  }

  recordFailure(email: string, ip: string): void {
    this.pair.recordFailure(signinKey(email, ip));
    this.ip.recordFailure(ip);
    this.account.recordFailure(email.trim().toLowerCase());
  }

  /** A success clears only its own (account, client) window: the wider ones still count a spray. */
  reset(email: string, ip: string): void {
    this.pair.reset(signinKey(email, ip));
  }
}

const g = globalThis as unknown as { ffSigninThrottle?: SigninThrottle };
/** One throttle per process (survives Next dev reloads through globalThis). */
export function signinThrottle(): SigninThrottle {
  g.ffSigninThrottle ??= new SigninThrottle();
  return g.ffSigninThrottle;
}
