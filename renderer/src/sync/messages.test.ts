import { describe, expect, it } from 'vitest';
import { fromWorkerSchema, toWorkerSchema } from './messages';

describe('worker message schemas', () => {
  it('accept the messages each side sends', () => {
    expect(toWorkerSchema.parse({ type: 'start', dbName: 'huixin' })).toEqual({ type: 'start', dbName: 'huixin' });
    expect(toWorkerSchema.parse({ type: 'outbox-changed' }).type).toBe('outbox-changed');
    expect(fromWorkerSchema.parse({ type: 'connection', state: 'offline', detail: 'transport close' }).type).toBe('connection');
    expect(fromWorkerSchema.parse({ type: 'progress', progress: { syncing: true, applied: 10, total: 500 } }).type).toBe('progress');
  });

  it('reject unknown types, unknown states and malformed payloads', () => {
    expect(toWorkerSchema.safeParse({ type: 'wipe' }).success).toBe(false);
    expect(toWorkerSchema.safeParse({ type: 'start' }).success).toBe(false);
    expect(toWorkerSchema.safeParse({ type: 'start', dbName: '' }).success).toBe(false);
    expect(fromWorkerSchema.safeParse({ type: 'connection', state: 'great', detail: null }).success).toBe(false);
    expect(fromWorkerSchema.safeParse({ type: 'progress', progress: { syncing: true, applied: -1, total: 1 } }).success).toBe(false);
    expect(fromWorkerSchema.safeParse('online').success).toBe(false);
  });
});
