/**
 * Exponential backoff with full jitter, for retrying outbox sends that got no answer.
 * `random` is injectable so tests can pin it.
 */
export function backoffDelay(attempt: number, baseMs = 1000, maxMs = 30_000, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
