import type { Change, Conversation, Customer, Message, Store, StreamId } from '../../../shared';

/** Realistic entity snapshots for unit tests (valid against the shared zod schemas). */

const T0 = Date.parse('2025-06-18T08:00:00.000Z');
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

export function store(id = 's1', overrides: Partial<Store> = {}): Store {
  return { id, platform: 'taobao', name: '小米旗舰店', currency: 'CNY', createdAt: at(0), ...overrides };
}

export function customer(id = 'cu1', overrides: Partial<Customer> = {}): Customer {
  return { id, storeId: 's1', platform: 'taobao', platformUserId: `tb_${id}`, nickname: '快乐的小熊', locale: 'zh-CN', createdAt: at(0), linkId: null, ...overrides };
}

export function conversation(id = 'c1', overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    storeId: 's1',
    customerId: 'cu1',
    kind: 'chat',
    subject: null,
    status: 'open',
    assigneeId: null,
    lastMessageAt: at(1),
    lastMessagePreview: '请问什么时候发货？',
    lastMessageDirection: 'in',
    waitingSince: at(1),
    lastInboundAt: at(1),
    createdAt: at(0),
    updatedAt: at(1),
    priority: 'normal',
    tags: [],
    snoozedUntil: null,
    ...overrides,
  };
}

export function message(id = 'm1', overrides: Partial<Message> = {}): Message {
  return {
    id,
    conversationId: 'c1',
    storeId: 's1',
    direction: 'in',
    authorId: null,
    body: '请问什么时候发货？',
    sentAt: at(1),
    delivery: 'received',
    failureReason: null,
    platformMessageId: null,
    createdAt: at(1),
    card: null,
    ...overrides,
  };
}

export function conversationChange(stream: StreamId, seq: number, data: Conversation): Change {
  return { stream, seq, entity: 'conversation', op: 'upsert', data };
}

export function messageChange(stream: StreamId, seq: number, data: Message): Change {
  return { stream, seq, entity: 'message', op: 'upsert', data };
}

let dbCounter = 0;
/** A database name no other test uses (fake-indexeddb keeps databases per process). */
export function uniqueDbName(prefix: string): string {
  dbCounter += 1;
  return `${prefix}-${dbCounter}-${Math.random().toString(36).slice(2)}`;
}
