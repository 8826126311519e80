import fc from 'fast-check';
import type { Queryable } from '../storage/database';

/**
 * Arbitraries for the fuzz tests: hostile JSON in general, and "a valid value broken in
 * exactly one place" — the cases a validator is most likely to let through.
 */

/** Keys that poison a prototype when an object is merged carelessly. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'] as const;

/** A value that is not a plain JSON string/number (a toString that is not a function, etc.). */
const trickyObject = fc.constantFrom<unknown>(
  { toString: 1 },
  { valueOf: 'x', toString: null },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
);

/** Anything JSON can carry, and then some: deep, huge, wrongly typed, polluting. */
export function hostileJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, 0, -1, 1e308, Number.NaN, '', 'x'.repeat(100_000), true, []) },
    { weight: 1, arbitrary: trickyObject },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...POLLUTING_KEYS), fc.jsonValue({ maxDepth: 2 })) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 60_000 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
    { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 50 }) },
  );
}

type Path = (string | number)[];

function leafPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return [path, ...entries.flatMap(([key, item]) => leafPaths(item, [...path, key]))].filter((p) => p.length > 0);
  }
  return [path];
}

/** Values of a type the field never has (so the result can never be valid). */
function wrongTypeFor(original: unknown): fc.Arbitrary<unknown> {
  const choices: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.constant([]), trickyObject, fc.array(fc.integer(), { minLength: 1, maxLength: 3 })];
  if (typeof original !== 'number') choices.push(fc.double(), fc.integer());
  if (typeof original !== 'boolean') choices.push(fc.boolean());
  if (typeof original !== 'object' || original === null) choices.push(fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }));
  return fc.oneof(...choices);
}

function setAt(value: unknown, path: Path, next: unknown | typeof DELETE): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (next === DELETE) delete node[last];
  else node[last] = next;
  return copy;
}
const DELETE = Symbol('delete');

/** `valid` with exactly one field replaced by a wrong type or removed. */
export function breakValue(valid: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(valid);
  return fc.constantFrom(...paths).chain((path) => {
    let original: unknown = valid;
    for (const key of path) original = (original as Record<string | number, unknown>)[key];
    return fc.oneof(wrongTypeFor(original), fc.constant(DELETE)).map((next) => setAt(valid, path, next));
  });
}

/** Row counts of every table whose growth would mean a write happened. */
export async function tableCounts(db: Queryable): Promise<Record<string, number>> {
  const tables = ['messages', 'conversations', 'customers', 'orders', 'changes', 'applied_mutations', 'inbound_deliveries', 'ignored_events', 'outbound_jobs'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

/** `valid` with a NUL character put into one of its string fields (PostgreSQL text cannot hold it). */
export function nulInOneString(valid: unknown): fc.Arbitrary<{ value: unknown; path: Path }> {
  const paths = leafPaths(valid).filter((path) => {
    let node: unknown = valid;
    for (const key of path) node = (node as Record<string | number, unknown>)[key];
    return typeof node === 'string';
  });
  return fc.constantFrom(...paths).chain((path) => {
    let original = valid;
    for (const key of path) original = (original as Record<string | number, unknown>)[key];
    const text = original as string;
    return fc.integer({ min: 0, max: text.length }).map((at) => ({ value: setAt(valid, path, `${text.slice(0, at)}\u0000${text.slice(at)}`), path }));
  });
}
