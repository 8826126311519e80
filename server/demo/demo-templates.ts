import { storeStream, type NewQuickReply } from '../../shared';
import { toStoreSettings, type StoreSettingsRow } from '../compliance/compliance-store';
import type { ChangeFeed } from '../sync/change-feed';
import { saveTemplate } from '../templates/template-store';
import { DEMO_STORE_IDS } from './demo-topology';

const team = (title: string, shortcut: string, body: string, category: string, language: NewQuickReply['language'], extra: Partial<NewQuickReply> = {}) =>
  ({ title, shortcut, body, category, language, scope: 'team', storeId: null, setStatus: null, addTag: null, ...extra }) satisfies NewQuickReply;

/** Demo quick replies, with fixed ids so that seeding on every start adds each once. */
export const DEMO_TEMPLATES: ReadonlyArray<{ id: string; template: NewQuickReply }> = [
  { id: 'demo-tpl-fahuo', template: team('发货通知', 'fh', '亲，您的订单{{order.number}}已由{{logistics.company}}发出，运单号{{logistics.trackingNumber}}，请注意查收～', '物流', 'zh-CN', { addTag: '已发货' }) },
  { id: 'demo-tpl-fahuo-shijian', template: team('发货时间', 'fhsj', '亲，{{store.name}}付款后48小时内发货，节假日顺延哦～', '物流', 'zh-CN') },
  { id: 'demo-tpl-dingdan', template: team('订单状态', 'dd', '{{buyer.nickname}}您好，您的订单{{order.number}}当前状态：{{order.status}}，金额{{order.amount}}。', '订单', 'zh-CN') },
  { id: 'demo-tpl-jiajia', template: team('议价', 'yj', '亲，页面价格已经是活动价啦，现在下单还送小样哦～', '售前', 'zh-CN') },
  { id: 'demo-tpl-haoping', template: team('感谢好评', 'hp', '感谢{{buyer.nickname}}的{{review.rating}}星好评，期待您再次光临{{store.name}}！', '评价', 'zh-CN', { setStatus: 'resolved' }) },
  { id: 'demo-tpl-where', template: team('Where is my order', 'where', 'Hi {{buyer.nickname}}, your order {{order.number}} is {{order.status}}. Thanks for shopping at {{store.name}}!', 'Shipping', 'en') },
  { id: 'demo-tpl-thanks', template: team('Thanks, resolved', 'thx', 'Glad I could help, {{buyer.nickname}}! — {{agent.name}}', 'General', 'en', { setStatus: 'resolved' }) },
  {
    id: 'demo-tpl-tea-brew',
    template: { ...team('冲泡方法', 'cp', '龙井建议80℃水温，先注水再投茶，浸泡2-3分钟即可。', '售前', 'zh-CN'), scope: 'store', storeId: DEMO_STORE_IDS.taobaoTea },
  },
];

/**
 * Seeds the demo templates (each once) and turns the demo Taobao store's compliance mode
 * to `block`, so that the demo shows a banned term stopping a reply. Owners change it.
 */
export async function seedDemoTemplates(feed: ChangeFeed): Promise<void> {
  await feed.write(async (tx) => {
    for (const { id, template } of DEMO_TEMPLATES) {
      const [existing] = await tx.tx.query('SELECT 1 FROM quick_replies WHERE id = $1', [id]);
      if (!existing) await saveTemplate(tx, id, template, null);
    }
    const [settings] = await tx.tx.query<StoreSettingsRow>(
      `INSERT INTO store_settings (store_id, compliance_mode) VALUES ($1, 'block') ON CONFLICT (store_id) DO NOTHING RETURNING *`,
      [DEMO_STORE_IDS.taobaoTea],
    );
    if (settings) await tx.append(storeStream(settings.store_id), [{ entity: 'storeSettings', data: toStoreSettings(settings) }]);
  });
}
