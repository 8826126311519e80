import { describe, expect, it } from 'vitest';
import { mutationPayloadSchema } from '../sync/protocol';
import { EMPTY_FILTER, criteriaOf, inboxFilterSchema } from './filter';
import { advanceReadMark } from './read-mark';
import { savedViewContentSchema, savedViewSchema } from './saved-view';

describe('advanceReadMark: a read mark only moves forward', () => {
  it('moves to a later time and starts from nothing', () => {
    expect(advanceReadMark(undefined, '2025-06-18T08:00:00.000Z')).toBe('2025-06-18T08:00:00.000Z');
    expect(advanceReadMark(null, '2025-06-18T08:00:00.000Z')).toBe('2025-06-18T08:00:00.000Z');
    expect(advanceReadMark('2025-06-18T08:00:00.000Z', '2025-06-18T08:00:00.001Z')).toBe('2025-06-18T08:00:00.001Z');
  });

  it('never moves back or sideways: a stale or equal mark changes nothing', () => {
    expect(advanceReadMark('2025-06-18T08:00:00.000Z', '2025-06-18T07:59:59.999Z')).toBeNull();
    expect(advanceReadMark('2025-06-18T08:00:00.000Z', '2025-06-18T08:00:00.000Z')).toBeNull();
  });

  it('compares instants, not strings (offsets and precision differ between writers)', () => {
    // 16:00+08:00 is 08:00Z: the same instant, so not forward, although the string sorts later.
    expect(advanceReadMark('2025-06-18T08:00:00.000Z', '2025-06-18T16:00:00+08:00')).toBeNull();
    // 08:30Z is later than 16:00+08:00 although it sorts earlier as a string.
    expect(advanceReadMark('2025-06-18T16:00:00+08:00', '2025-06-18T08:30:00Z')).toBe('2025-06-18T08:30:00Z');
  });

  it('ignores a proposal that is not a time, and replaces a stored mark that is not one', () => {
    expect(advanceReadMark('2025-06-18T08:00:00.000Z', 'yesterday')).toBeNull();
    expect(advanceReadMark('garbage', '2025-06-18T08:00:00.000Z')).toBe('2025-06-18T08:00:00.000Z');
  });
});

describe('saved view and inbox filter schemas', () => {
  const valid = { name: '  淘宝 退款  ', filter: { statuses: ['open'], platforms: ['taobao'], tags: ['refund'] }, sort: 'waitingLongest', position: 2 };

  it('fills a partial filter with the inbox defaults and trims the name', () => {
    const parsed = savedViewContentSchema.parse(valid);
    expect(parsed.name).toBe('淘宝 退款');
    expect(parsed.filter).toEqual({ ...criteriaOf(EMPTY_FILTER), statuses: ['open'], platforms: ['taobao'], tags: ['refund'] });
    // The criteria plus the sort are exactly the inbox's filter.
    expect(inboxFilterSchema.parse({ ...parsed.filter, sort: parsed.sort })).toEqual({ ...parsed.filter, sort: 'waitingLongest' });
  });

  it.each([
    ['a blank name', { ...valid, name: '   ' }],
    ['a name over 60 characters', { ...valid, name: '名'.repeat(61) }],
    ['an unknown status', { ...valid, filter: { statuses: ['closed'] } }],
    ['an unknown platform', { ...valid, filter: { platforms: ['amazon'] } }],
    ['an empty assignee', { ...valid, filter: { assignee: '' } }],
    ['more than 50 stores', { ...valid, filter: { storeIds: Array.from({ length: 51 }, (_, i) => `s${i}`) } }],
    ['an unknown sort', { ...valid, sort: 'random' }],
    ['a negative position', { ...valid, position: -1 }],
    ['a fractional position', { ...valid, position: 1.5 }],
  ])('refuses %s', (_what, input) => {
    expect(savedViewContentSchema.safeParse(input).success).toBe(false);
  });

  it('a synced view needs its owner and bookkeeping; a mutation carries only the content', () => {
    const content = savedViewContentSchema.parse(valid);
    expect(savedViewSchema.safeParse({ ...content, id: 'v1' }).success).toBe(false);
    expect(
      savedViewSchema.safeParse({ ...content, id: 'v1', ownerId: 'u1', createdAt: '2025-06-18T08:00:00Z', updatedAt: '2025-06-18T08:00:00Z', deletedAt: null }).success,
    ).toBe(true);
    expect(mutationPayloadSchema.safeParse({ type: 'savedView.save', viewId: 'v1', view: { ...valid, ownerId: 'someone' } }).success).toBe(true);
    // An owner smuggled into the content is dropped by the schema, never stored.
    const parsed = mutationPayloadSchema.parse({ type: 'savedView.save', viewId: 'v1', view: { ...valid, ownerId: 'someone' } });
    expect(JSON.stringify(parsed)).not.toContain('someone');
  });

  it('conversation.markRead takes 1 to 200 marks with real times', () => {
    const mark = { conversationId: 'c1', readAt: '2025-06-18T08:00:00.000Z' };
    expect(mutationPayloadSchema.safeParse({ type: 'conversation.markRead', marks: [mark] }).success).toBe(true);
    expect(mutationPayloadSchema.safeParse({ type: 'conversation.markRead', marks: [] }).success).toBe(false);
    expect(mutationPayloadSchema.safeParse({ type: 'conversation.markRead', marks: Array.from({ length: 201 }, () => mark) }).success).toBe(false);
    expect(mutationPayloadSchema.safeParse({ type: 'conversation.markRead', marks: [{ ...mark, readAt: 'now' }] }).success).toBe(false);
  });
});
