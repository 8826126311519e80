import { z } from 'zod';
import type { Platform } from './platforms';

/**
 * What each platform allows, as the UI needs to know it: no reply box where a platform
 * has no way out, review replies only where the platform accepts them. The server's
 * connectors declare the same values (server/connectors/capabilities.test.ts keeps the
 * two equal), so this table is the one the clients read.
 */
export const platformCapabilitiesSchema = z.object({
  chatIn: z.boolean(),
  chatOut: z.boolean(),
  orderEvents: z.boolean(),
  refundEvents: z.boolean(),
  reviewsIn: z.boolean(),
  reviewReply: z.boolean(),
  commentThreads: z.boolean(),
  /** The platform renders order/product cards natively; else the card goes out as text. */
  cards: z.boolean(),
});
export type PlatformCapabilities = z.infer<typeof platformCapabilitiesSchema>;

const none: PlatformCapabilities = {
  chatIn: false,
  chatOut: false,
  orderEvents: false,
  refundEvents: false,
  reviewsIn: false,
  reviewReply: false,
  commentThreads: false,
  cards: false,
};

export const PLATFORM_CAPABILITIES: Readonly<Record<Platform, PlatformCapabilities>> = {
  // Taobao and Tmall share the TOP/TMC open platform (server/connectors/README.md).
  taobao: { ...none, chatIn: true, chatOut: true, orderEvents: true, refundEvents: true, reviewsIn: true, reviewReply: true },
  tmall: { ...none, chatIn: true, chatOut: true, orderEvents: true, refundEvents: true, reviewsIn: true, reviewReply: true },
  // JD: order changes and product comments polled from JOS, comments answered with its public
  // comment reply (saveReply); 咚咚 chat has no public API outside JD's cloud.
  jd: { ...none, orderEvents: true, refundEvents: true, reviewsIn: true, reviewReply: true },
  // Pinduoduo: PMC order/after-sale messages only; merchant chat and reviews have no public ISV API.
  pinduoduo: { ...none, orderEvents: true, refundEvents: true },
  // Douyin Shop: order/after-sale pushes only; Feige chat and reviews have no public ISV API.
  douyin: { ...none, orderEvents: true, refundEvents: true },
  // Xiaohongshu: order/after-sale pushes only; seller chat, reviews and note comments have no public ISV API.
  xiaohongshu: { ...none, orderEvents: true, refundEvents: true },
  wechat: { ...none, chatIn: true, chatOut: true, orderEvents: true, refundEvents: true },
  // Weibo: fan-service DM pushes (replies within 48 h) and comments on the brand's posts (polled, answered by comment reply).
  weibo: { ...none, chatIn: true, chatOut: true, commentThreads: true },
  // Shopify: no buyer chat API; answers travel by e-mail through the mail relay.
  shopify: { ...none, chatOut: true, orderEvents: true, refundEvents: true },
  woocommerce: { ...none, chatOut: true, orderEvents: true, refundEvents: true },
};

export function capabilitiesOf(platform: Platform): PlatformCapabilities {
  return PLATFORM_CAPABILITIES[platform];
}

/**
 * Platforms that can message a buyer in chat but not about a shop order: WeChat's
 * customer-service send reaches Official Account followers, while WeChat Store buyers
 * have no public message API (server/connectors/wechat), so its order threads take notes only.
 */
const NO_ORDER_THREAD_REPLY: ReadonlySet<Platform> = new Set<Platform>(['wechat']);

/** Whether an agent can answer in a thread of this kind on this platform. */
export function canReply(platform: Platform, kind: 'chat' | 'order' | 'review' | 'comment'): boolean {
  const caps = PLATFORM_CAPABILITIES[platform];
  if (kind === 'review') return caps.reviewReply;
  if (kind === 'comment') return caps.commentThreads && caps.chatOut;
  if (kind === 'order' && NO_ORDER_THREAD_REPLY.has(platform)) return false;
  return caps.chatOut;
}
