import type { Connector } from '../types';
import { wechatCredentialsSchema } from './credentials';
import type { WeChatCredentials } from './credentials';
import { sendWeChatReply } from './send';
import { wechatWebhook } from './webhook';

/**
 * WeChat: Official Account messages (chat in and out, within WeChat's 48-hour window) and
 * WeChat Store order and after-sale callbacks, all through one server URL signed with the
 * account's token. No reviews or comments reach servers.
 */
export const wechatConnector: Connector<WeChatCredentials> = {
  platform: 'wechat',
  capabilities: {
    chatIn: true,
    chatOut: true,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: false,
    reviewReply: false,
    commentThreads: false,
  },
  credentialsSchema: wechatCredentialsSchema,
  webhook: wechatWebhook,
  sendReply: sendWeChatReply,
};

export { wechatCredentialsSchema } from './credentials';
export type { WeChatCredentials } from './credentials';
export { wechatSignature } from './signature';
