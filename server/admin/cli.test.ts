import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

let testDatabase: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'huixin-admin-'));
});
afterAll(async () => {
  await testDatabase.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the real CLI in a child process against this file's database. */
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '4567', HUIXIN_PUBLIC_URL: '' };
  if (testDatabase.config.databaseUrl) env.DATABASE_URL = testDatabase.config.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.HUIXIN_DATA_DIR = dataDir;
  }
  try {
    const { stdout, stderr } = await run(TSX, [join(ROOT, 'server/admin/cli.ts'), ...args], { env, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('admin CLI', () => {
  it('adds users and stores, prints JSON with the webhook URL, and lists them', async () => {
    const user = await admin('user', 'add', '--name', 'mei', '--role', 'agent', '--password', 'longenough', '--display-name', '小美');
    expect(user.code).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ name: 'mei', displayName: '小美', role: 'agent' });

    const store = await admin('store', 'add', '--platform', 'woocommerce', '--name', 'Woo shop', '--secret', 's3cret');
    expect(store.code).toBe(0);
    const created = JSON.parse(store.stdout) as { id: string; webhookUrl: string };
    expect(created.webhookUrl).toBe(`http://localhost:4567/webhooks/woocommerce/${created.id}`);

    // A Shopify store needs only its webhook secret to start receiving (replies need a mail relay, set later).
    const shopify = await admin('store', 'add', '--platform', 'shopify', '--name', 'Tea & Trail 🍵', '--secret', 'shpss_1');
    expect(shopify.code).toBe(0);
    const shop = JSON.parse(shopify.stdout) as { id: string; webhookUrl: string; name: string };
    expect(shop.name).toBe('Tea & Trail 🍵');
    expect(shop.webhookUrl).toBe(`http://localhost:4567/webhooks/shopify/${shop.id}`);

    const grant = await admin('store', 'grant', '--store', created.id, '--user', 'mei');
    expect(JSON.parse(grant.stdout)).toEqual({ ok: true, store: created.id, user: 'mei' });
    const stores = await admin('store', 'list');
    expect(JSON.parse(stores.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: created.id, name: 'Woo shop', currency: 'USD' }), expect.objectContaining({ id: shop.id })]),
    );
  });

  it('takes a Pinduoduo store\'s OAuth refresh token at store add and new tokens at store edit, never printing them', async () => {
    const base = { clientId: 'cid-cli', clientSecret: 'csecret-cli', mallId: '918273', accessToken: 'AT-CLI-FIRST' };
    const added = await admin('store', 'add', '--platform', 'pinduoduo', '--name', 'PDD', '--credentials', JSON.stringify({ ...base, refreshToken: 'RT-CLI-FIRST', accessExpiresAt: '2026-05-01T12:00:00+08:00' }));
    expect(added.code).toBe(0);
    const { id } = JSON.parse(added.stdout) as { id: string };

    const edited = await admin('store', 'edit', '--store', id, '--credentials', JSON.stringify({ accessToken: 'AT-CLI-SECOND', refreshToken: 'RT-CLI-SECOND', refreshExpiresAt: '2026-06-01' }));
    expect(edited.code).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({ id, platform: 'pinduoduo', credentialFields: expect.arrayContaining(['accessToken', 'refreshToken', 'accessExpiresAt', 'refreshExpiresAt', 'clientId']) });
    expect(edited.stdout).not.toMatch(/AT-CLI|RT-CLI|csecret-cli/);

    const badDate = await admin('store', 'edit', '--store', id, '--credentials', '{"refreshExpiresAt":"next spring"}');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('refreshExpiresAt');
    expect(badDate.stderr).toContain('2026-05-01');
    const unknown = await admin('store', 'edit', '--store', 'no-such-store', '--credentials', '{}');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No store no-such-store');
  });

  it('exits 1 with a clear message on bad input', async () => {
    const badRole = await admin('user', 'add', '--name', 'x', '--role', 'boss', '--password', 'longenough');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('role');
    const duplicate = await admin('user', 'add', '--name', 'MEI', '--role', 'agent', '--password', 'longenough');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    // Taobao needs the app key and seller nick as well as the secret; the message says which are missing.
    const taobao = await admin('store', 'add', '--platform', 'taobao', '--name', 'T', '--secret', 'x');
    expect(taobao.code).toBe(1);
    expect(taobao.stderr).toContain('appKey');
    expect(taobao.stderr).toContain('sellerNick');
  });
});
