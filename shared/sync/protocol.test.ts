import { describe, expect, it } from 'vitest';
import { changeSchema, mutationSchema, storeStream, streamIdSchema } from './protocol';

describe('sync protocol schemas', () => {
  it('accepts store and team streams only', () => {
    expect(streamIdSchema.safeParse(storeStream('abc_1')).success).toBe(true);
    expect(streamIdSchema.safeParse('team').success).toBe(true);
    expect(streamIdSchema.safeParse('store:').success).toBe(false);
    expect(streamIdSchema.safeParse('store:../x').success).toBe(false);
  });

  it('rejects an empty reply and a non-uuid mutation id', () => {
    const base = { createdAt: '2026-11-24T10:00:00.000Z' };
    const payload = { type: 'message.send', conversationId: 'c1', messageId: crypto.randomUUID(), body: '   ' };
    expect(mutationSchema.safeParse({ ...base, mutationId: crypto.randomUUID(), payload }).success).toBe(false);
    expect(
      mutationSchema.safeParse({ ...base, mutationId: 'not-a-uuid', payload: { ...payload, body: '在吗' } }).success,
    ).toBe(false);
    expect(
      mutationSchema.safeParse({ ...base, mutationId: crypto.randomUUID(), payload: { ...payload, body: '在吗' } }).success,
    ).toBe(true);
  });

  it('rejects a change whose data does not match its entity', () => {
    const bad = { stream: 'team', seq: 1, entity: 'user', op: 'upsert', data: { id: 'u1' } };
    expect(changeSchema.safeParse(bad).success).toBe(false);
  });
});
