/**
 * PostgreSQL `text` and `jsonb` cannot hold U+0000 (NUL): an insert fails with error
 * 22021/22P05. Left alone, one buyer message with a NUL failed its whole delivery with a
 * 500 that the platform retried forever, and an agent's reply with one stayed in the
 * outbox for good (no ack). Inbound text keeps the buyer's words with the NUL shown as
 * U+FFFD; agent input with a NUL is refused with a clear error.
 */
export const NUL = '\u0000';
export const NUL_REPLACEMENT = '\uFFFD';

/** True when any string inside `value` (keys included) contains NUL. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, item]) => key.includes(NUL) || containsNul(item));
  }
  return false;
}

/** A deep copy of plain JSON-like data with every NUL replaced by U+FFFD (other values as they are). */
export function replaceNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes(NUL) ? value.replaceAll(NUL, NUL_REPLACEMENT) : value) as T;
  if (Array.isArray(value)) return value.map(replaceNul) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a key named __proto__ stays an own key and cannot reach the prototype.
      Object.defineProperty(out, replaceNul(key), { value: replaceNul(item), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}
