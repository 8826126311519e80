import { storeStream, type Change, type Conversation, type Message, type StreamId } from '../../shared';

/**
 * Builds N synced changes as the server would send them for one store stream: each
 * conversation snapshot followed by its messages (one in ten changes is a conversation),
 * with consecutive seqs, realistic Chinese and English buyer text and ISO times. Seeded
 * so every run writes the same data.
 */
export const BENCH_STORE_ID = 'bench-store-taobao';
export const BENCH_STREAM: StreamId = storeStream(BENCH_STORE_ID);
export const MESSAGES_PER_CONVERSATION = 9;

const BUYER_LINES = [
  '亲，这款连衣裙还有 M 码吗？',
  '请问什么时候发货？我下周要出差',
  '收到的颜色和图片不太一样，可以换吗？',
  '双十一有没有优惠券可以用',
  '快递显示已签收但是我没收到',
  'Hi, does this jacket run true to size?',
  'Can you ship to Vancouver before Friday?',
  'The box arrived damaged, what should I do?',
  'Is there a discount if I buy two?',
  '退款申请提交了，麻烦尽快处理一下，谢谢',
];
const AGENT_LINES = [
  '亲，M 码有货的，今天下单明天就能发出哦～',
  '您好，已经为您备注加急，48 小时内发货',
  '非常抱歉给您带来不便，可以申请换货，运费我们承担',
  'Thanks for reaching out! It runs true to size; the size chart is on the product page.',
  'We can ship express, it should arrive by Thursday.',
  'Sorry about that! Please send a photo and we will send a replacement right away.',
];
const SUBJECTS = ['订单 #2024111100123', '真丝连衣裙 夏季新款', 'Merino wool jacket', '退款咨询', 'Order #1001', null];

/** Small deterministic PRNG (mulberry32): the same data on every run, no Math.random. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function generateChanges(n: number, seed = 20241111): Change[] {
  const random = rng(seed);
  const changes: Change[] = [];
  const start = Date.UTC(2024, 10, 1);
  let seq = 0;
  let conversationIndex = 0;
  while (changes.length < n) {
    const conversationId = `conv-${conversationIndex}`;
    const customerId = `cust-${conversationIndex % 7919}`;
    const openedAt = start + conversationIndex * 61_000;
    const messageCount = Math.min(MESSAGES_PER_CONVERSATION, n - changes.length - 1);
    const lastAt = new Date(openedAt + messageCount * 45_000).toISOString();
    const lastInbound = messageCount % 2 === 1;
    const conversation: Conversation = {
      id: conversationId,
      storeId: BENCH_STORE_ID,
      customerId,
      kind: pick(['chat', 'chat', 'chat', 'order', 'review'] as const, random),
      subject: pick(SUBJECTS, random),
      status: pick(['open', 'open', 'pending', 'resolved'] as const, random),
      assigneeId: random() < 0.5 ? `agent-${Math.floor(random() * 12)}` : null,
      lastMessageAt: lastAt,
      lastMessagePreview: pick(lastInbound ? BUYER_LINES : AGENT_LINES, random),
      lastMessageDirection: lastInbound ? 'in' : 'out',
      waitingSince: lastInbound ? lastAt : null,
      lastInboundAt: lastAt,
      createdAt: new Date(openedAt).toISOString(),
      updatedAt: lastAt,
      priority: 'normal',
      tags: [],
      snoozedUntil: null,
    };
    changes.push({ stream: BENCH_STREAM, seq: ++seq, entity: 'conversation', op: 'upsert', data: conversation });
    for (let m = 0; m < messageCount; m++) {
      const inbound = m % 2 === 0;
      const sentAt = new Date(openedAt + (m + 1) * 45_000).toISOString();
      const message: Message = {
        id: `${conversationId}-msg-${m}`,
        conversationId,
        storeId: BENCH_STORE_ID,
        direction: inbound ? 'in' : 'out',
        authorId: inbound ? null : `agent-${m % 12}`,
        body: pick(inbound ? BUYER_LINES : AGENT_LINES, random),
        sentAt,
        delivery: inbound ? 'received' : 'sent',
        failureReason: null,
        platformMessageId: `tb-${conversationIndex}-${m}-${Math.floor(random() * 1e9)}`,
        createdAt: sentAt,
        card: null,
      };
      changes.push({ stream: BENCH_STREAM, seq: ++seq, entity: 'message', op: 'upsert', data: message });
    }
    conversationIndex++;
  }
  return changes;
}
