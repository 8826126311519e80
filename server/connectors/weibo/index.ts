import type { Connector } from '../types';
import { weiboCredentialsSchema } from './credentials';
import { weiboTokens } from './tokens';
import type { WeiboCredentials } from './credentials';
import { subscribeWeiboComments } from './poller';
import { sendWeiboReply } from './send';
import { wasWeiboCommentAnswered } from './commentReadBack';
import { weiboWebhook } from './webhook';

/**
 * Weibo brand account: direct messages pushed to the fan-service URL (chat in, replies within
 * Weibo's 48-hour window) and comments on the brand's posts, read by polling comments/to_me
 * (comment threads, answered with comments/reply). No shop orders or reviews.
 */
export const weiboConnector: Connector<WeiboCredentials> = {
  platform: 'weibo',
  capabilities: {
    chatIn: true,
    chatOut: true,
    orderEvents: false,
    refundEvents: false,
    reviewsIn: false,
    reviewReply: false,
    commentThreads: true,
  },
  credentialsSchema: weiboCredentialsSchema,
  tokens: weiboTokens,
  webhook: weiboWebhook,
  messageService: { subscribe: (store, sink, log) => subscribeWeiboComments(store, sink, log) },
  sendReply: sendWeiboReply,
  // No idempotency key; comment replies show in the post's comments, DMs cannot be read back.
  deliveryReadBack: { kinds: ['comment'], wasDelivered: wasWeiboCommentAnswered },
};

export { weiboCredentialsSchema } from './credentials';
export type { WeiboCredentials } from './credentials';
export { weiboSignature } from './signature';
