import type { Connector, SendResult } from '../types';
import { douyinCredentialsSchema } from './credentials';
import { douyinTokens } from './tokens';
import type { DouyinCredentials } from './credentials';
import { douyinWebhook } from './webhook';

/**
 * Douyin Shop (抖店): order and after-sale pushes in (signed with `event-sign`, completed
 * through order.orderDetail). Nothing goes out: Douyin Shop's buyer chat (Feige/飞鸽) and
 * its reviews have no public API for ISV apps, so the capabilities say so and the UI
 * offers no reply box; a reply that reaches `sendReply` anyway is refused for good.
 */
const NO_SEND_API: SendResult = {
  ok: false,
  permanent: true,
  reason: 'Douyin Shop has no public API for messaging buyers (Feige chat is not open to ISV apps); answer in the Douyin Shop app',
};

export const douyinConnector: Connector<DouyinCredentials> = {
  platform: 'douyin',
  capabilities: {
    chatIn: false,
    chatOut: false,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: false,
    reviewReply: false,
    commentThreads: false,
  },
  credentialsSchema: douyinCredentialsSchema,
  tokens: douyinTokens,
  webhook: douyinWebhook,
  sendReply: async () => NO_SEND_API,
};

export { douyinCredentialsSchema } from './credentials';
export type { DouyinCredentials } from './credentials';
export { DOUYIN_TAGS } from './mapping';
export { douyinApiSign, douyinEventSign, sortedParamJson } from './signature';
