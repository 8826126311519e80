/**
 * Failed logins in a sliding window, counted twice:
 * - per (name, client address): after `maxFailures` within `windowMs`, further attempts
 *   for that name from that address are refused until the oldest failure ages out;
 * - per client address alone, over every name: after `maxFailuresPerAddress` the address
 *   is refused for any name. This stops a distributed guess (one common password tried
 *   against many names) that the per-name budget alone would let through.
 * A successful login clears only its own name's budget, never the address's: one valid
 * account must not reset an attacker's budget for guessing the others.
 * In memory, per server node.
 */
export class LoginRateLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60 * 1000,
    private readonly now: () => number = Date.now,
    private readonly maxFailuresPerAddress = maxFailures * 5,
  ) {}

  static key(name: string, ip: string): string {
    return `${name.trim().toLowerCase()}\u0000${ip}`;
  }

  static addressKey(ip: string): string {
    return `\u0001${ip}`;
  }

  /** Milliseconds until `name` may try again from `ip`; 0 when allowed now. */
  retryAfterMsFor(name: string, ip: string): number {
    return Math.max(
      this.retryAfterMs(LoginRateLimiter.key(name, ip)),
      this.#retryAfter(LoginRateLimiter.addressKey(ip), this.maxFailuresPerAddress),
    );
  }

  recordFailureFor(name: string, ip: string): void {
    this.recordFailure(LoginRateLimiter.key(name, ip));
    this.recordFailure(LoginRateLimiter.addressKey(ip));
  }

  recordSuccessFor(name: string, ip: string): void {
    this.recordSuccess(LoginRateLimiter.key(name, ip));
  }

  /** Milliseconds until another attempt is allowed for one (name, address) key; 0 when allowed now. */
  retryAfterMs(key: string): number {
    return this.#retryAfter(key, this.maxFailures);
  }

  recordFailure(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.now());
    this.#failures.set(key, recent);
    if (this.#failures.size > 10_000) this.#sweep();
  }

  recordSuccess(key: string): void {
    this.#failures.delete(key);
  }

  #retryAfter(key: string, max: number): number {
    const recent = this.#recent(key);
    if (recent.length < max) return 0;
    const oldest = recent[recent.length - max] ?? this.now();
    return Math.max(1, oldest + this.windowMs - this.now());
  }

  #recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.#failures.get(key) ?? []).filter((time) => time > cutoff);
  }

  #sweep(): void {
    for (const key of [...this.#failures.keys()]) {
      if (this.#recent(key).length === 0) this.#failures.delete(key);
    }
  }
}
