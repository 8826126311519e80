import { z } from 'zod';
import { PRODUCT_CATEGORIES } from './catalog';

/**
 * The stores an emulator plays, with the credentials Huixin holds for them. Field names
 * match the connectors' credentials (server/connectors/<platform>/credentials.ts); the URL
 * fields that point at the emulator itself are optional here, since the emulator knows its
 * own address (see `credentialsFor`).
 */

export const taobaoStoreCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  sellerNick: z.string().min(1).max(128),
  tmcUrl: z.string().optional(),
  apiUrl: z.string().optional(),
});

export const shopifyStoreCredentialsSchema = z.object({
  shopDomain: z.string().min(3).max(255),
  webhookSecret: z.string().min(1).max(512),
  mailRelayToken: z.string().min(1).max(1024),
  mailRelayUrl: z.string().optional(),
});

export const woocommerceStoreCredentialsSchema = z.object({
  webhookSecret: z.string().min(1).max(512),
  siteUrl: z.string().min(1).max(500),
  mailRelayToken: z.string().min(1).max(1024),
  mailRelayUrl: z.string().optional(),
});

export const wechatStoreCredentialsSchema = z.object({
  appId: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  token: z.string().min(3).max(32),
  /** The Official Account's original id (gh_…): ToUserName of its pushes. */
  originalId: z.string().min(1).max(64).default('gh_huixin_demo'),
  apiUrl: z.string().optional(),
  /** The server configuration's EncodingAESKey; with it, pushes go out encrypted. */
  encodingAESKey: z.string().regex(/^[A-Za-z0-9]{43}$/).optional(),
  /**
   * 消息加解密方式: plaintext, compatible (plain fields and Encrypt side by side) or safe
   * (Encrypt only). Defaults to safe when an EncodingAESKey is set, as WeChat recommends.
   */
  messageMode: z.enum(['plaintext', 'compatible', 'safe']).optional(),
});

export const douyinStoreCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  shopId: z.string().regex(/^\d{1,20}$/),
  apiUrl: z.string().optional(),
  /** A third-party tool app's OAuth tokens (renewed with token.refresh); absent = a self-use app (token.create). */
  accessToken: z.string().min(1).max(1024).optional(),
  refreshToken: z.string().min(1).max(1024).optional(),
});

export const pinduoduoStoreCredentialsSchema = z.object({
  clientId: z.string().min(1).max(64),
  clientSecret: z.string().min(1).max(256),
  mallId: z.string().regex(/^\d{1,20}$/),
  accessToken: z.string().min(1).max(1024),
  /** The OAuth refresh token (default `<accessToken>-refresh`). */
  refreshToken: z.string().min(1).max(1024).optional(),
  pmcUrl: z.string().optional(),
  apiUrl: z.string().optional(),
});

export const jdStoreCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  venderId: z.string().regex(/^\d{1,20}$/),
  accessToken: z.string().min(1).max(1024),
  /** The OAuth refresh token (default `<accessToken>-refresh`). */
  refreshToken: z.string().min(1).max(1024).optional(),
  apiUrl: z.string().optional(),
  pollSeconds: z.coerce.number().int().min(1).optional(),
});

export const xiaohongshuStoreCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  sellerId: z.string().min(1).max(64),
  accessToken: z.string().min(1).max(1024),
  /** The OAuth refresh token (default `<accessToken>-refresh`). */
  refreshToken: z.string().min(1).max(1024).optional(),
  apiUrl: z.string().optional(),
});

export const weiboStoreCredentialsSchema = z.object({
  appKey: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  /** The brand account's uid: receiver_id of its pushes, author of its posts. */
  uid: z.string().regex(/^\d{1,20}$/),
  accessToken: z.string().min(1).max(1024),
  apiUrl: z.string().optional(),
  messageApiUrl: z.string().optional(),
  pollSeconds: z.coerce.number().int().min(1).optional(),
});

/**
 * What every emulated store may say besides its credentials: the product categories it
 * sells (emulator/catalog.ts). Absent = the mixed catalogue of its buyers' language, as
 * before categories existed. Weibo brand accounts sell nothing through the emulator.
 */
const storeBase = {
  id: z.string().min(1).max(128),
  categories: z.array(z.enum(PRODUCT_CATEGORIES)).min(1).max(PRODUCT_CATEGORIES.length).optional(),
};

export const emulatedStoreSchema = z.discriminatedUnion('platform', [
  z.object({ ...storeBase, platform: z.literal('taobao'), credentials: taobaoStoreCredentialsSchema }),
  // Tmall shops live on Taobao's open platform: same TMC, TOP gateway and credentials.
  z.object({ ...storeBase, platform: z.literal('tmall'), credentials: taobaoStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('shopify'), credentials: shopifyStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('woocommerce'), credentials: woocommerceStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('wechat'), credentials: wechatStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('douyin'), credentials: douyinStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('pinduoduo'), credentials: pinduoduoStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('jd'), credentials: jdStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('xiaohongshu'), credentials: xiaohongshuStoreCredentialsSchema }),
  z.object({ ...storeBase, platform: z.literal('weibo'), credentials: weiboStoreCredentialsSchema }),
]);
export type EmulatedStore = z.infer<typeof emulatedStoreSchema>;
/** What `addStore` accepts: defaults (WeChat's originalId) may be left out. */
export type EmulatedStoreInput = z.input<typeof emulatedStoreSchema>;
/** A store on Taobao's open platform (TMC + TOP): Taobao or Tmall. */
export type TaobaoEmulatedStore = Extract<EmulatedStore, { platform: 'taobao' | 'tmall' }>;
export type ShopifyEmulatedStore = Extract<EmulatedStore, { platform: 'shopify' }>;
export type WooCommerceEmulatedStore = Extract<EmulatedStore, { platform: 'woocommerce' }>;
export type WeChatEmulatedStore = Extract<EmulatedStore, { platform: 'wechat' }>;
export type DouyinEmulatedStore = Extract<EmulatedStore, { platform: 'douyin' }>;
export type PinduoduoEmulatedStore = Extract<EmulatedStore, { platform: 'pinduoduo' }>;
export type JdEmulatedStore = Extract<EmulatedStore, { platform: 'jd' }>;
export type XiaohongshuEmulatedStore = Extract<EmulatedStore, { platform: 'xiaohongshu' }>;
export type WeiboEmulatedStore = Extract<EmulatedStore, { platform: 'weibo' }>;

export const emulatorOptionsSchema = z.object({
  /** 0 = any free port. */
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().default('127.0.0.1'),
  seed: z.number().int().default(1),
  /** Where Huixin listens; Shopify webhooks go to `${huixinUrl}/webhooks/shopify/<storeId>`. Settable later. */
  huixinUrl: z.url().nullable().default(null),
  stores: z.array(emulatedStoreSchema).default([]),
  /** Steady traffic for the demo: events per minute (0 or absent = only on request). */
  rate: z.number().min(0).max(60_000).default(0),
  /** TMC (and Pinduoduo's PMC) redelivers a message not confirmed within this time. */
  tmcRedeliveryMs: z.number().int().min(50).default(5_000),
  /** Attempts per Shopify webhook delivery when Huixin is unreachable or answers 5xx. */
  shopifyDeliveryAttempts: z.number().int().min(1).max(20).default(5),
  shopifyRetryBaseMs: z.number().int().min(1).default(250),
  /**
   * Chaos for soak tests: each Shopify delivery waits a seeded random 0..N ms before it is
   * posted, so deliveries made close together arrive out of order (Shopify does not
   * promise order). 0 = post at once.
   */
  shopifyReorderMs: z.number().int().min(0).max(60_000).default(0),
  /** Chaos: the share of accepted Shopify deliveries posted a second time, same webhook id (Shopify redelivers). */
  shopifyDuplicateRate: z.number().min(0).max(1).default(0),
});
export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>;

export const FAULT_MODES = ['none', 'refuse', 'timeout', 'unavailable', 'apply-then-timeout'] as const;
/** The platforms whose writes take no idempotency key: only they play 'apply-then-timeout'. */
export const APPLY_THEN_TIMEOUT_PLATFORMS = ['wechat', 'weibo', 'jd'] as const;
export const faultSchema = z
  .object({
    platform: z.enum(['taobao', 'tmall', 'shopify', 'woocommerce', 'wechat', 'douyin', 'pinduoduo', 'jd', 'xiaohongshu', 'weibo']),
    /**
     * refuse: permanent refusal (TOP isv.* error / relay 422); timeout: never answer; unavailable: 503;
     * apply-then-timeout: the reply call is carried out (posted, recorded) and then never answered,
     * as when the platform's answer is lost. It applies to reply calls only; reads ignore it.
     */
    mode: z.enum(FAULT_MODES),
    /** How many outbound calls the fault applies to; absent = until changed. */
    count: z.number().int().positive().optional(),
  })
  .refine((fault) => fault.mode !== 'apply-then-timeout' || (APPLY_THEN_TIMEOUT_PLATFORMS as readonly string[]).includes(fault.platform), {
    message: `mode 'apply-then-timeout' is played for ${APPLY_THEN_TIMEOUT_PLATFORMS.join(', ')} only (their replies take no idempotency key)`,
  });
export type Fault = z.infer<typeof faultSchema>;
