import { describe, expect, it } from 'vitest';
import { startPollLoop, timeWindowCursor } from './pollLoop';
import type { PollCursors } from './types';
import { until } from './testSupport';

const HOUR = 3_600_000;

function memoryCursors(initial: Record<string, string> = {}): PollCursors & { saved: Map<string, string> } {
  const saved = new Map(Object.entries(initial));
  return { saved, load: async (source) => saved.get(source) ?? null, save: async (source, value) => void saved.set(source, value) };
}

describe('time-window cursor', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const cursorWith = (cursors: PollCursors | undefined) =>
    timeWindowCursor({ cursors, source: 'orders', lookbackMs: HOUR, overlapMs: 120_000, maxWindowMs: HOUR, now: () => now });

  it('starts a fixed look-back before now when nothing was saved (or the saved value is not a time)', async () => {
    for (const cursors of [undefined, memoryCursors(), memoryCursors({ orders: 'garbage' })]) {
      const window = await cursorWith(cursors).next();
      expect(window).toEqual({ start: new Date('2026-11-25T10:58:00Z'), end: now, catchingUp: false });
    }
  });

  it('resumes from the saved end after a long gap, one capped window at a time, saving each end', async () => {
    const cursors = memoryCursors({ orders: '2026-11-25T08:30:00.000Z' });
    const cursor = cursorWith(cursors);
    const ends: string[] = [];
    for (;;) {
      const window = await cursor.next();
      await cursor.advance(window);
      ends.push(window.end.toISOString());
      if (!window.catchingUp) break;
    }
    expect(ends).toEqual(['2026-11-25T09:30:00.000Z', '2026-11-25T10:30:00.000Z', '2026-11-25T11:30:00.000Z', '2026-11-25T12:00:00.000Z']);
    expect(cursors.saved.get('orders')).toBe('2026-11-25T12:00:00.000Z');
  });

  it('does not move when a round ends without advance (nothing saved, the same window again)', async () => {
    const cursors = memoryCursors({ orders: '2026-11-25T11:50:00.000Z' });
    const cursor = cursorWith(cursors);
    const first = await cursor.next();
    expect(await cursor.next()).toEqual(first);
    expect(cursors.saved.get('orders')).toBe('2026-11-25T11:50:00.000Z');
  });
});

describe('poll loop', () => {
  it('runs the next round at once while a round says it is catching up, else waits the interval, and stops on close', async () => {
    const started: number[] = [];
    const loop = startPollLoop({
      intervalMs: 60_000,
      round: async () => {
        started.push(Date.now());
        return started.length < 3 ? 'again' : undefined;
      },
      onError: () => undefined,
    });
    await until(() => started.length === 3, 5_000, 'three rounds');
    await loop.close();
    expect(started).toHaveLength(3);
  });

  it('reports a round that threw and keeps polling; close aborts the round in flight', async () => {
    const errors: unknown[] = [];
    let aborted = false;
    let rounds = 0;
    const loop = startPollLoop({
      intervalMs: 10,
      round: async (signal) => {
        rounds += 1;
        if (rounds === 1) throw new Error('platform down');
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        aborted = signal.aborted;
      },
      onError: (error) => errors.push(error),
    });
    await until(() => rounds === 2, 5_000, 'the second round');
    await loop.close();
    expect(errors).toEqual([new Error('platform down')]);
    expect(aborted).toBe(true);
  });
});
