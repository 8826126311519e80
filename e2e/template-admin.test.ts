import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_STORE_IDS } from '../server/demo/demo-topology';
import { eventually, logIn, startE2eStack, type E2eStack } from './support/stack';

/**
 * The lead/owner side of quick replies and compliance: an owner imports a CSV with one
 * bad row (the report names it, nothing is imported), fixes it (everything is), exports
 * the team's replies; an agent answers with an imported reply and the usage report shows
 * it used once by that agent; a store term the owner adds is flagged in that store's chats.
 */
describe('quick-reply and compliance administration', () => {
  let stack: E2eStack;
  let owner: Page;
  let agent: Page;
  const header = 'title,shortcut,body,category,language,setStatus,addTag';
  const good = '请稍等,dengdai,感谢您的耐心等待，我们马上为您处理。,售前,zh-CN,,';
  const bad = 'Refund,refund-info,"Your refund is on its way, usually within 3 days.",After-sales,fr,,';
  const fixed = 'Refund,refund-info,"Your refund is on its way, usually within 3 days.",After-sales,en,resolved,';

  const importedCount = async () =>
    (await stack.demo.server.database.query<{ n: number }>("select count(*)::int as n from quick_replies where shortcut in ('dengdai', 'refund-info')"))[0]?.n;

  async function importCsv(content: string): Promise<void> {
    await owner.getByTestId('template-import').click();
    await owner.locator('[data-testid="import-file"]').setInputFiles({ name: 'replies.csv', mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await owner.locator('[data-testid="import-file-name"][data-format="csv"]').waitFor();
    await owner.getByTestId('import-run').click();
  }

  beforeAll(async () => {
    stack = await startE2eStack();
    await stack.demo.emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '在吗？我想问下退款的事', buyerNick: '茶友小周' });
    owner = await stack.openApp();
    await logIn(owner, 'owner', DEMO_PASSWORD);
    await owner.getByTestId('main-nav').getByText('Quick replies').click();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('an import with one bad row reports that row and imports nothing', async () => {
    await importCsv(`\uFEFF${header}\r\n${good}\r\n${bad}\r\n`);
    const report = owner.locator('[data-testid="import-rejected"][data-count="1"]');
    await report.waitFor();
    const row = report.locator('[data-testid="import-rejected-row"][data-row="2"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('language');
    expect(await owner.getByTestId('import-done').count()).toBe(0);
    expect(await importedCount()).toBe(0);
  });

  it('the fixed file is imported whole and reaches the list through sync', async () => {
    // The dialog keeps the target; picking the corrected file replaces the report.
    await owner.locator('[data-testid="import-file"]').setInputFiles({
      name: 'replies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\r\n${good}\r\n${fixed}\r\n`, 'utf8'),
    });
    await owner.getByTestId('import-rejected').waitFor({ state: 'detached' });
    await owner.getByTestId('import-run').click();
    await owner.locator('[data-testid="import-done"][data-created="2"][data-updated="0"]').waitFor();
    expect(await importedCount()).toBe(2);
    await owner.keyboard.press('Escape');
    await owner.locator('[data-testid="template-row"][data-shortcut="dengdai"]').waitFor();
    await owner.locator('[data-testid="template-row"][data-shortcut="refund-info"]').waitFor();
  });

  it('exports the team replies as a CSV file that holds the imported ones', async () => {
    await owner.getByTestId('template-export').click();
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByTestId('export-run').click()]);
    expect(download.suggestedFilename()).toMatch(/^huixin-templates-team-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const content = await readFile(path, 'utf8');
    expect(content.startsWith('\uFEFFtitle,shortcut,body')).toBe(true);
    expect(content).toContain('dengdai');
    expect(content).toContain('"Your refund is on its way, usually within 3 days."');
  });

  it('the usage report shows a reply used once after an agent sends it', async () => {
    await owner.getByTestId('template-usage').click();
    await owner.locator('[data-testid="template-usage"][data-state="ready"]').waitFor();
    await owner.locator('[data-testid="usage-never-row"][data-shortcut="dengdai"]').waitFor();

    agent = await stack.openApp();
    await logIn(agent, 'xiaomei', DEMO_PASSWORD);
    await agent.locator('[data-testid="inbox-row"][data-platform="taobao"]', { hasText: '退款' }).first().click();
    const input = agent.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially('/dengd');
    await agent.locator('[data-testid="template-option"][data-shortcut="dengdai"][data-active="true"]').waitFor();
    await input.press('Enter');
    await agent.locator('[data-testid="template-picker"]').waitFor({ state: 'detached' });
    await input.press('Enter');
    await agent.locator('[data-testid="message"][data-direction="out"][data-delivery="sent"]', { hasText: '感谢您的耐心等待' }).waitFor();
    await eventually('the usage record', async () => {
      const rows = await stack.demo.server.database.query<{ n: number }>(
        "select count(*)::int as n from template_usage u join quick_replies q on q.id = u.template_id where q.shortcut = 'dengdai'",
      );
      return rows[0]?.n === 1 ? true : undefined;
    });

    await owner.getByTestId('template-usage-refresh').click();
    await owner.locator('[data-testid="usage-row"][data-shortcut="dengdai"][data-count="1"]').waitFor();
    await owner.locator('[data-testid="usage-agent"][data-user-id="demo-user-xiaomei"][data-count="1"]').waitFor();
    expect(await owner.locator('[data-testid="usage-never-row"][data-shortcut="dengdai"]').count()).toBe(0);
    await owner.keyboard.press('Escape');
  });

  it("a term the owner adds for one store is flagged in that store's chats", async () => {
    await owner.getByTestId('main-nav').getByText('Compliance').click();
    await owner.getByTestId('compliance-tab-terms').click();
    await owner.getByTestId('term-add').click();
    await owner.getByTestId('term-text').fill('包退包换');
    await owner.getByTestId('term-target').getByText('One store').click();
    await owner.getByTestId('term-store').click();
    await owner.getByRole('option', { name: '茗香茶舍 Tea House' }).click();
    await owner.getByTestId('term-reason-zh').fill('承诺超出店铺售后政策');
    await owner.getByTestId('term-suggestion-zh').fill('写明具体售后政策，例如"7天无理由退货"');
    await owner.getByTestId('term-save').click();
    await owner.locator('[data-testid="term-row"][data-term="包退包换"][data-origin="custom"]').waitFor();
    await eventually('the term on the server', async () => {
      const rows = await stack.demo.server.database.query<{ store_id: string }>("select store_id from compliance_terms where term = '包退包换'");
      return rows[0]?.store_id === DEMO_STORE_IDS.taobaoTea ? true : undefined;
    });

    await agent.getByTestId('composer-input').fill('放心，我们包 退 包 换');
    await agent.locator('[data-testid="compliance-highlight"][data-kind="banned"]', { hasText: '包 退 包 换' }).waitFor({ timeout: 30_000 });
  });

  it("a lead's override of a block is in the owner's record, with who, where, the term and the reason", async () => {
    await stack.demo.emulator.sendBuyerMessage({ storeId: DEMO_STORE_IDS.taobaoTea, text: '你们家是不是全网最便宜的？', buyerNick: '茶友老王' });
    const lead = await stack.openApp();
    await logIn(lead, 'lead', DEMO_PASSWORD);
    await lead.locator('[data-testid="inbox-row"][data-platform="taobao"]', { hasText: '全网最便宜' }).first().click();
    const input = lead.getByTestId('composer-input');
    await input.fill('这是全网最低价，官方活动');
    await lead.locator('[data-testid="composer"][data-verdict="blocked"]').waitFor({ timeout: 30_000 });
    await input.press('Enter');
    await lead.getByTestId('compliance-override-reason').fill('活动页写明了最低价，已截图');
    await lead.getByTestId('compliance-send-anyway').click();
    await lead.locator('[data-testid="message"][data-direction="out"][data-delivery="sent"]', { hasText: '这是全网最低价' }).waitFor();

    await owner.getByTestId('compliance-tab-events').click();
    const event = owner.locator(`[data-testid="compliance-event"][data-kind="override"][data-store-id="${DEMO_STORE_IDS.taobaoTea}"]`);
    await event.waitFor();
    const text = await event.innerText();
    expect(text).toContain('Team Lead');
    expect(text).toContain('全网最低');
    expect(text).toContain('活动页写明了最低价，已截图');
    await lead.context().close();
  });

  it('switching a built-in term off stops the flag everywhere; switching it on brings it back', async () => {
    const input = agent.getByTestId('composer-input');
    await input.fill('这款茶绝无仅有');
    const flagged = agent.locator('[data-testid="compliance-highlight"]', { hasText: '绝无仅有' });
    await flagged.waitFor();

    await owner.getByTestId('compliance-tab-terms').click();
    await owner.locator('[data-testid="term-row"][data-term="绝无仅有"][data-origin="builtIn"]').getByTestId('term-delete').click();
    await owner.locator('[data-testid="term-off"]', { hasText: '绝无仅有' }).waitFor();
    expect(await owner.locator('[data-testid="term-row"][data-term="绝无仅有"]').count()).toBe(0);
    await flagged.waitFor({ state: 'detached', timeout: 30_000 });

    await owner.locator('[data-testid="term-off"]', { hasText: '绝无仅有' }).getByTestId('term-switch-on').click();
    await owner.locator('[data-testid="term-row"][data-term="绝无仅有"]').waitFor();
    await flagged.waitFor({ timeout: 30_000 });
  });

  it('offline, the online-only reports say so instead of showing stale or empty data', async () => {
    await owner.context().setOffline(true);
    await owner.getByTestId('compliance-tab-events').click();
    await owner.locator('[data-testid="compliance-events"][data-state="offline"]').getByTestId('report-offline').waitFor({ timeout: 60_000 });
    expect(await owner.getByTestId('compliance-event').count()).toBe(0);
    await owner.getByTestId('main-nav').getByText('Quick replies').click();
    await owner.getByTestId('template-usage').click();
    await owner.locator('[data-testid="template-usage"][data-state="offline"]').getByTestId('report-offline').waitFor();
    await owner.keyboard.press('Escape');
    await owner.context().setOffline(false);
    // Back online, it loads again.
    await owner.getByTestId('main-nav').getByText('Compliance').click();
    await owner.getByTestId('compliance-tab-events').click();
    await owner.locator('[data-testid="compliance-events"][data-state="ready"]').waitFor({ timeout: 60_000 });
  });

  it('ran without a page error or a Content-Security-Policy violation', () => {
    expect(stack.pageProblems).toEqual([]);
  });
});
