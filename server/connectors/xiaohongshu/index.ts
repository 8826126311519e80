import type { Connector, SendResult } from '../types';
import { xiaohongshuCredentialsSchema } from './credentials';
import { xiaohongshuTokens } from './tokens';
import type { XiaohongshuCredentials } from './credentials';
import { xiaohongshuWebhook } from './webhook';

/**
 * Xiaohongshu (小红书) shop: order and after-sale pushes in (signed with app-key/timestamp/sign,
 * completed through order.getOrderDetail). Nothing goes out: Xiaohongshu publishes no API that
 * lets a third-party app read or answer buyer chat (商家私信/客服), reviews or note comments,
 * so the capabilities say so and the UI offers no reply box; a reply that reaches `sendReply`
 * anyway is refused for good.
 */
const NO_SEND_API: SendResult = {
  ok: false,
  permanent: true,
  reason: 'Xiaohongshu has no public API for messaging buyers from third-party apps; answer in the Xiaohongshu seller app (千帆)',
};

export const xiaohongshuConnector: Connector<XiaohongshuCredentials> = {
  platform: 'xiaohongshu',
  capabilities: {
    chatIn: false,
    chatOut: false,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: false,
    reviewReply: false,
    commentThreads: false,
  },
  credentialsSchema: xiaohongshuCredentialsSchema,
  tokens: xiaohongshuTokens,
  webhook: xiaohongshuWebhook,
  sendReply: async () => NO_SEND_API,
};

export { xiaohongshuCredentialsSchema } from './credentials';
export type { XiaohongshuCredentials } from './credentials';
export { xiaohongshuApiSign, xiaohongshuPushSign } from './signature';
