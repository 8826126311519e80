import { describe, expect, it } from 'vitest';
import { messageSchema, type Message } from '../shared';
import { reconcile, type ClientSnapshot } from '../soak/reconcile';
import { runSoak } from '../soak/soak';

/**
 * The shortened soak for CI (the long one is `npm run soak`): about a minute of storefront
 * traffic with webhook redelivery and reordering, three agents on the real sync engine
 * whose network flaps, the server SIGKILLed twice — and then nothing lost, nothing
 * duplicated, nothing leaked.
 */
describe('soak: faults everywhere, then reconcile', () => {
  it('the reconciliation itself notices a lost, a duplicated and a leaked message', () => {
    const message = (id: string, storeId: string, body: string): Message =>
      messageSchema.parse({
      id,
      conversationId: 'c1',
      storeId,
      direction: 'in',
      authorId: null,
      body,
      sentAt: '2026-01-01T00:00:00.000Z',
      delivery: 'received',
      failureReason: null,
      platformMessageId: id,
      createdAt: '2026-01-01T00:00:00.000Z',
      });
    const client: ClientSnapshot = {
      label: 'agent#1',
      stores: new Set(['s1']),
      messages: [message('m1', 's1', 'hello'), message('m1-copy', 's1', 'hello'), message('x1', 's2', 'not yours')],
      outbox: [],
      ackedApplied: new Set(),
      sent: [],
    };
    const verdict = reconcile({
      server: [
        { id: 'm1', storeId: 's1', direction: 'in', body: 'hello', delivery: 'received', platformMessageId: 'p1' },
        { id: 'm1-copy', storeId: 's1', direction: 'in', body: 'hello', delivery: 'received', platformMessageId: 'p1' },
        { id: 'm2', storeId: 's1', direction: 'in', body: 'lost one', delivery: 'received', platformMessageId: 'p2' },
        { id: 'x1', storeId: 's2', direction: 'in', body: 'not yours', delivery: 'received', platformMessageId: 'p3' },
      ],
      buyerTexts: [
        { kind: 'taobao-chat', storeId: 's1', text: 'hello', accepted: true },
        { kind: 'taobao-chat', storeId: 's1', text: 'never arrived', accepted: true },
      ],
      clients: [client],
      emulatorReplies: [],
    });
    expect(verdict.lost).toBeGreaterThanOrEqual(2); // 'never arrived' on the server, m2 in the client
    expect(verdict.duplicated).toBeGreaterThanOrEqual(2); // p1 twice on the server, 'hello' twice in the client
    expect(verdict.leaked).toBe(1);
  });

  it('loses nothing and duplicates nothing through kills, flaps, redelivery and reordering', { timeout: 170_000 }, async () => {
    const lines: Record<string, unknown>[] = [];
    const report = await runSoak({
      durationMs: 60_000,
      clients: 3,
      rate: 4,
      kills: 2,
      seed: Number(process.env.SOAK_SEED ?? 11),
      settleTimeoutMs: 60_000,
      databaseUrl: process.env.HUIXIN_SOAK_DATABASE_URL || undefined,
      log: (line) => lines.push(line),
    });
    const { details, ...counts } = report;
    console.info(JSON.stringify({ type: 'summary', ...counts }));
    expect(details, JSON.stringify(lines)).toEqual([]);
    expect(report.settled).toBe(true);
    expect(report.kills).toBe(2);
    expect(report.buyerTextsAccepted).toBeGreaterThan(20);
    expect(report.replies).toBeGreaterThan(5);
    expect(report.flaps).toBeGreaterThan(0);
    expect({ lost: report.lost, duplicated: report.duplicated, leaked: report.leaked, ackedMissing: report.ackedMissing, diverged: report.diverged }).toEqual({
      lost: 0,
      duplicated: 0,
      leaked: 0,
      ackedMissing: 0,
      diverged: 0,
    });
  });
});
