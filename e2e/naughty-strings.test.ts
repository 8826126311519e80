import { createRequire } from 'node:module';
import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * The Big List of Naughty Strings (npm big-list-of-naughty-strings) as a buyer's chat
 * messages, as buyers' nicknames, as review texts (Taobao, through TMC and TOP) and as
 * order notes (Shopify webhooks): stored byte for byte, and shown exactly in the
 * conversation view, with nothing executing — no dialog, no page error, no CSP violation,
 * and a canary that injected markup would set stays undefined.
 *
 * Excluded, on purpose:
 * - "" (the list's first entry): no platform delivers an empty message, nickname or review.
 * - Shopify notes are stored trimmed (connectors/shopify/mapping.ts: a note of only
 *   whitespace is no note), so notes are compared with their trimmed form and the 12
 *   strings with outer whitespace that trim to nothing are not expected as notes.
 * - Nicknames longer than 128 characters (9 of the list): Taobao nicknames are far
 *   shorter and the Taobao connector refuses a longer buyer_nick (taobao/mapping.ts).
 * - PGlite only (the embedded database the e2e stack uses): a value that STARTS with U+FEFF
 *   (the BOM; the list has one such string, "\uFEFF" alone) is stored intact but read back
 *   without it — PGlite decodes each result field with `new TextDecoder('utf-8')`, which
 *   strips a leading BOM (octet_length shows the bytes are there). PostgreSQL (node-postgres)
 *   keeps it. Expected here as read back, see `asReadBack`; to be fixed in PGlite.
 * The list has no NUL and no lone surrogates (checked below); NUL cannot be stored by
 * PostgreSQL and is replaced by U+FFFD (server/storage/postgres-text.ts, fuzz-tested).
 */
const require = createRequire(import.meta.url);
const BLNS = require('big-list-of-naughty-strings/blns.json') as string[];

/** Markup that sets the canary if anything renders buyer text as HTML or runs it. */
const CANARIES = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '<svg onload="window.__pwned=1"></svg>',
  // Joined so that lint's no-script-url sees no script URL in our own code; the buyer sends it.
  ['javascript', 'window.__pwned=1'].join(':'),
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
];
const STRINGS = [...BLNS.filter((s) => s !== ''), ...CANARIES];
/** Taobao nicknames are short; the connector reads `buyer_nick` up to 128 characters (taobao/mapping.ts). */
const TAOBAO_NICK_MAX = 128;
const NICKNAMES = STRINGS.filter((s) => s.length <= TAOBAO_NICK_MAX);
const CHAT_BUYER = 'naughty-chat-buyer';
/** What the database gives back for a stored string (see the PGlite note above). */
const asReadBack = (text: string, database: string) => (database === 'pglite' && text.startsWith('\uFEFF') ? text.slice(1) : text);
const REVIEW_BUYER = 'naughty-reviewer';

describe('naughty strings: stored exactly, shown exactly, nothing executes', () => {
  let stack: E2eStack;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    expect(STRINGS.some((s) => s.includes('\u0000') || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s))).toBe(false);
    stack = await startE2eStack();
    const { emulator } = stack.demo;
    const tea = DEMO_STORE_IDS.taobaoTea;
    // TMC redelivers what is not confirmed within seconds, like the real one: sending
    // thousands at once would measure redelivery storms, not text handling. So: in
    // batches, each confirmed before the next.
    const paced = async (items: readonly string[], send: (text: string, index: number) => Promise<string[]>) => {
      for (let start = 0; start < items.length; start += 25) {
        const ids = (await Promise.all(items.slice(start, start + 25).map((text, i) => send(text, start + i)))).flat();
        for (const id of ids) await emulator.waitForTmcConfirm(id, 60_000);
      }
    };
    // Reviews first and the chat last, so that the chat thread is at the top of the inbox.
    // A review needs its own order (Taobao reviews are per order); TMC keeps each app's order.
    await paced(STRINGS, async (text) => {
      const order = await emulator.placeOrder({ storeId: tea, buyerNick: REVIEW_BUYER, note: null });
      const review = await emulator.postReview({ storeId: tea, orderId: order.orderId ?? '', rating: 5, text });
      return [...order.tmcMessageIds, ...review.tmcMessageIds];
    });
    for (const note of STRINGS) {
      const result = await emulator.placeOrder({ storeId: DEMO_STORE_IDS.shopifyOutdoor, note });
      expect(result.shopifyDeliveries.every((d) => d.status === 200), JSON.stringify(result.shopifyDeliveries)).toBe(true);
    }
    // The canary nicknames go last (their own batch), so that their rows sit at the top of the inbox.
    const nicknameCheck = async (buyerNick: string, i: number) => (await emulator.sendBuyerMessage({ storeId: tea, buyerNick, text: `nickname check ${i}` })).tmcMessageIds;
    await paced(NICKNAMES.filter((s) => !CANARIES.includes(s)), nicknameCheck);
    // TMC times have whole seconds: start the next second so that nothing ties with the canaries.
    const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));
    await nextSecond();
    await paced(CANARIES, nicknameCheck);
    await nextSecond();
    await paced(STRINGS, async (text) => (await emulator.sendBuyerMessage({ storeId: tea, buyerNick: CHAT_BUYER, text })).tmcMessageIds);

    page = await stack.openApp();
    page.on('dialog', (dialog: Dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }, 400_000);

  afterAll(async () => {
    await stack?.close();
  });

  const query = <T extends object>(sql: string, params: unknown[] = []) => stack.demo.server.database.query<T>(sql, params);
  const sorted = (items: string[]) => [...items].sort();

  it('stores every chat message byte for byte', async () => {
    const rows = await query<{ body: string }>(
      `SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers u ON u.id = c.customer_id
       WHERE u.nickname = $1 AND m.direction = 'in'`,
      [CHAT_BUYER],
    );
    expect(sorted(rows.map((r) => r.body))).toEqual(sorted(STRINGS.map((s) => asReadBack(s, stack.demo.server.databaseKind))));
  });

  it('stores every nickname byte for byte', async () => {
    const rows = await query<{ nickname: string }>('SELECT nickname FROM customers WHERE store_id = $1', [DEMO_STORE_IDS.taobaoTea]);
    const nicknames = new Set(rows.map((r) => r.nickname));
    expect(NICKNAMES.length).toBeGreaterThan(STRINGS.length - 10);
    expect(NICKNAMES.filter((s) => !nicknames.has(asReadBack(s, stack.demo.server.databaseKind)))).toEqual([]);
  });

  it('stores every review text byte for byte', async () => {
    const rows = await query<{ body: string }>(
      `SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN customers u ON u.id = c.customer_id
       WHERE u.nickname = $1 AND m.direction = 'in' AND c.kind = 'review'`,
      [REVIEW_BUYER],
    );
    expect(sorted(rows.map((r) => r.body))).toEqual(sorted(STRINGS.map((s) => asReadBack(s, stack.demo.server.databaseKind))));
  });

  it('stores every Shopify order note (trimmed, as documented) byte for byte', async () => {
    const rows = await query<{ body: string }>(`SELECT body FROM messages WHERE store_id = $1 AND platform_message_id LIKE 'order-note-%'`, [DEMO_STORE_IDS.shopifyOutdoor]);
    const expected = STRINGS.map((s) => s.trim()).filter((s) => s !== '');
    expect(sorted(rows.map((r) => r.body))).toEqual(sorted(expected));
  });

  it('shows every chat message exactly as text in the conversation view', async () => {
    await logIn(page, 'xiaomei', DEMO_PASSWORD);
    await page.locator('[data-testid="inbox-row"]', { hasText: CHAT_BUYER }).first().click();
    const view = page.getByTestId('conversation-view');
    await view.waitFor();
    const conversationId = (await view.getAttribute('data-conversation-id')) ?? '';
    const stored = await query<{ id: string; body: string }>(`SELECT id, body FROM messages WHERE conversation_id = $1 AND direction = 'in'`, [conversationId]);
    expect(stored).toHaveLength(STRINGS.length);
    const shown = await eventually('every message in the view', async () => {
      const found = await page.$$eval('[data-testid="message"][data-direction="in"]', (elements) =>
        elements.map((el) => ({ id: el.getAttribute('data-message-id') ?? '', body: el.querySelector('[data-testid="message-body"]')?.textContent ?? null })),
      );
      return found.length === stored.length ? found : undefined;
    }, 30_000);
    const byId = new Map(shown.map((m) => [m.id, m.body]));
    const mismatches = stored.filter((row) => byId.get(row.id) !== row.body).map((row) => ({ stored: row.body, shown: byId.get(row.id) }));
    expect(mismatches).toEqual([]);
  });

  it('shows the hostile nicknames as text in the inbox', async () => {
    // The canary nicknames wrote last; their rows are at the top of the inbox, rendered.
    const missing = await eventually('the canary nicknames in the inbox', async () => {
      const rows = await page.$$eval('[data-testid="inbox-row"]', (elements) => elements.map((el) => el.textContent ?? ''));
      const absent = CANARIES.filter((nickname) => !rows.some((row) => row.includes(nickname)));
      return absent.length === 0 ? absent : undefined;
    }, 30_000).catch(async (error: unknown) => {
      await page.screenshot({ path: 'test-results/naughty-inbox.png' });
      const rows = await page.$$eval('[data-testid="inbox-row"]', (elements) => elements.map((el) => el.textContent ?? ''));
      throw new Error(`${String(error)}; rows: ${JSON.stringify(rows)}`);
    });
    expect(missing).toEqual([]);
  });

  it('executed nothing: no dialog, no canary, no page error or CSP violation', async () => {
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(stack.pageProblems).toEqual([]);
  });
});
