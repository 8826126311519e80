import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_STREAM, renderTemplate, emptyTemplateContext } from '../../shared';
import { startTestServer, type TestServer } from '../testing/test-server';
import { DEMO_TEMPLATES } from './demo-templates';
import { DEMO_STORE_IDS } from './demo-topology';
import { seedDemo } from './seed-demo';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demo: { emulatorUrl: 'http://127.0.0.1:4000' } });
});
afterAll(() => server.stop());

describe('demo templates', () => {
  it('seeds each demo template once, in the team stream, and puts the Taobao store in block mode', async () => {
    await seedDemo(server.database, server.feed, 'http://127.0.0.1:4000');
    const rows = await server.database.query<{ id: string }>("SELECT id FROM quick_replies WHERE id LIKE 'demo-tpl-%' ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual(DEMO_TEMPLATES.map((t) => t.id).sort());
    const page = await server.feed.pull(TEAM_STREAM, 0, 1000);
    expect(page.changes.filter((c) => c.entity === 'quickReply' && c.data.id === 'demo-tpl-fahuo')).toHaveLength(1);
    const [settings] = await server.database.query<{ compliance_mode: string }>('SELECT compliance_mode FROM store_settings WHERE store_id = $1', [DEMO_STORE_IDS.taobaoTea]);
    expect(settings?.compliance_mode).toBe('block');
  });
  it('uses only known variables', () => {
    for (const { template } of DEMO_TEMPLATES) {
      const problems = renderTemplate(template.body, emptyTemplateContext(new Date()), { locale: 'en' }).problems;
      expect(problems.filter((p) => p.kind === 'unknown'), template.shortcut).toEqual([]);
    }
  });
});
