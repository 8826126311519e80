import { describe, expect, it } from 'vitest';
import { conflictMessage } from './conflictText';
import { namesOf, othersIn } from './presenceText';

const names: Record<string, string> = { u1: 'Alex', u2: 'Bo' };
const nameOf = (id: string) => names[id] ?? id;

describe('conflictMessage', () => {
  it('names who set the status, or says only what it is', () => {
    expect(conflictMessage({ field: 'status', current: 'resolved', changedBy: 'u1' }, nameOf)).toEqual({ key: 'conflict.status', values: { name: 'Alex', status: 'resolved' } });
    expect(conflictMessage({ field: 'status', current: 'pending', changedBy: null }, nameOf)).toEqual({ key: 'conflict.statusBySomeone', values: { status: 'pending' } });
  });
  it('names the assignee and who assigned them, and handles unassigned', () => {
    expect(conflictMessage({ field: 'assignee', current: 'u2', changedBy: 'u1' }, nameOf)).toEqual({ key: 'conflict.assignee', values: { name: 'Alex', assignee: 'Bo' } });
    expect(conflictMessage({ field: 'assignee', current: null, changedBy: 'u2' }, nameOf)).toEqual({ key: 'conflict.unassigned', values: { name: 'Bo' } });
    expect(conflictMessage({ field: 'assignee', current: 'u2', changedBy: null }, nameOf)).toEqual({ key: 'conflict.assigneeBySomeone', values: { assignee: 'Bo' } });
  });
});

describe('presence text', () => {
  it('leaves the agent out of viewers and typists', () => {
    expect(othersIn({ conversationId: 'c', viewers: ['me', 'u1'], typing: ['me'] }, 'me')).toEqual({ viewers: ['u1'], typing: [] });
    expect(othersIn(undefined, 'me')).toEqual({ viewers: [], typing: [] });
  });
  it('shows display names, and an unknown id as itself', () => {
    expect(namesOf(['u2', 'x'], [{ id: 'u2', displayName: 'Bo' }])).toEqual(['Bo', 'x']);
  });
});
