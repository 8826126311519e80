import { applyChanges } from '../../renderer/src/db/applyChanges';
import { HuixinDb } from '../../renderer/src/db/database';
import { changeSchema, type Change } from '../../shared';
import { BENCH_STREAM, generateChanges } from './generate';
import { countRows, deleteDatabase, openRawDatabase, writeBatchRaw, type StoreShape } from './raw-idb';

/**
 * The benchmark page. bench/run.ts opens it in headless Chromium and calls
 * `window.huixinBench.run(n)`, which returns the figures; nothing is timed outside the
 * page. See bench/README.md for what each figure means.
 */
export interface Figure {
  name: string;
  n: number;
  value: number;
  unit: string;
  [detail: string]: string | number | boolean | null;
}

declare global {
  interface Window {
    huixinBench: { run(n: number, batchSize: number): Promise<Figure[]> };
  }
}

interface MemoryInfo {
  readonly usedJSHeapSize: number;
}

/** Chromium-only `performance.memory`; null elsewhere. */
function usedHeap(): number | null {
  const memory = (performance as Performance & { memory?: MemoryInfo }).memory;
  return memory === undefined ? null : memory.usedJSHeapSize;
}

class HeapPeak {
  private peak: number | null = usedHeap();
  sample(): void {
    const used = usedHeap();
    if (used !== null && (this.peak === null || used > this.peak)) this.peak = used;
  }
  get megabytes(): number | null {
    return this.peak === null ? null : Math.round((this.peak / 2 ** 20) * 10) / 10;
  }
}

function batches(changes: readonly Change[], size: number): Change[][] {
  const result: Change[][] = [];
  for (let i = 0; i < changes.length; i += size) result.push(changes.slice(i, i + size));
  return result;
}

/** Mirrors the object stores and indexes of the Dexie schema for the raw baseline. */
function shapesOf(db: HuixinDb): StoreShape[] {
  return db.tables.map((table) => ({
    name: table.name,
    keyPath: table.schema.primKey.keyPath ?? null,
    autoIncrement: table.schema.primKey.auto === true,
    indexes: table.schema.indexes.map((index) => {
      if (index.keyPath === undefined) throw new Error(`index ${index.name} of ${table.name} has no key path`);
      return { name: index.name, keyPath: index.keyPath, unique: index.unique === true, multiEntry: index.multi === true };
    }),
  }));
}

interface PhaseResult {
  ms: number;
  heapMB: number | null;
  conversations: number;
  messages: number;
}

async function applyWithDexie(name: string, work: Change[][]): Promise<PhaseResult> {
  await HuixinDb.delete(name);
  const db = new HuixinDb(name);
  await db.open();
  const heap = new HeapPeak();
  const started = performance.now();
  let cursor = 0;
  for (const batch of work) {
    const result = await applyChanges(db, BENCH_STREAM, batch);
    if (result.gap) throw new Error(`applyChanges reported a gap at cursor ${result.cursor}`);
    cursor = result.cursor;
    heap.sample();
  }
  const ms = performance.now() - started;
  const expectedCursor = work.at(-1)?.at(-1)?.seq ?? 0;
  if (cursor !== expectedCursor) throw new Error(`Dexie cursor ${cursor}, expected ${expectedCursor}`);
  const counts = { conversations: await db.conversations.count(), messages: await db.messages.count() };
  db.close();
  await HuixinDb.delete(name);
  return { ms, heapMB: heap.megabytes, ...counts };
}

async function writeWithRawIndexedDb(name: string, shapes: StoreShape[], work: Change[][]): Promise<PhaseResult> {
  await deleteDatabase(name);
  const db = await openRawDatabase(name, shapes);
  const heap = new HeapPeak();
  const started = performance.now();
  for (const batch of work) {
    await writeBatchRaw(db, batch);
    heap.sample();
  }
  const ms = performance.now() - started;
  const counts = { conversations: await countRows(db, 'conversations'), messages: await countRows(db, 'messages') };
  db.close();
  await deleteDatabase(name);
  return { ms, heapMB: heap.megabytes, ...counts };
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

async function run(n: number, batchSize: number): Promise<Figure[]> {
  const changes = generateChanges(n);
  const expected = {
    conversations: changes.filter((c) => c.entity === 'conversation').length,
    messages: changes.filter((c) => c.entity === 'message').length,
  };
  const shapes = shapesOf(new HuixinDb('huixin-bench-shape'));
  const work = batches(changes, batchSize);

  // Warm up both paths (JIT, IndexedDB backend) on a small sample before timing.
  const warmup = batches(generateChanges(Math.min(n, 5 * batchSize), 7), batchSize);
  await applyWithDexie('huixin-bench-warmup-dexie', warmup);
  await writeWithRawIndexedDb('huixin-bench-warmup-raw', shapes, warmup);

  // Every change crosses the socket and is zod-parsed by the sync engine before it is applied.
  const parseStarted = performance.now();
  for (const change of changes) changeSchema.parse(change);
  const parseMs = performance.now() - parseStarted;

  const dexie = await applyWithDexie('huixin-bench-dexie', work);
  const raw = await writeWithRawIndexedDb('huixin-bench-raw', shapes, work);
  for (const [label, result] of [['Dexie', dexie], ['raw IndexedDB', raw]] as const) {
    if (result.conversations !== expected.conversations || result.messages !== expected.messages) {
      throw new Error(`${label} stored ${result.conversations}/${result.messages} rows, expected ${expected.conversations}/${expected.messages}`);
    }
  }

  const common = { batchSize, conversations: expected.conversations, messages: expected.messages };
  return [
    { name: 'sync.apply.dexie', n, value: round(dexie.ms), unit: 'ms', ...common, changesPerSecond: Math.round(n / (dexie.ms / 1000)), peakHeapMB: dexie.heapMB },
    { name: 'sync.apply.rawIndexedDB', n, value: round(raw.ms), unit: 'ms', ...common, changesPerSecond: Math.round(n / (raw.ms / 1000)), peakHeapMB: raw.heapMB },
    { name: 'sync.apply.ratio', n, value: round(dexie.ms / raw.ms, 2), unit: 'dexie/raw', batchSize },
    { name: 'sync.parse.zod', n, value: round(parseMs), unit: 'ms', changesPerSecond: Math.round(n / (parseMs / 1000)) },
  ];
}

window.huixinBench = { run };
