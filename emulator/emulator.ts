import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { emulatedStoreSchema, emulatorOptionsSchema, faultSchema } from './config';
import type { DouyinEmulatedStore, JdEmulatedStore, WeiboEmulatedStore, XiaohongshuEmulatedStore, PinduoduoEmulatedStore, EmulatedStore, EmulatedStoreInput, EmulatorOptions, Fault, ShopifyEmulatedStore, TaobaoEmulatedStore, WeChatEmulatedStore } from './config';
import { parseJsonBody, readBody, sendJson } from './http';
import { FaultSwitch, ReplyRecorder } from './recorder';
import type { RecordedReply } from './recorder';
import { handleMailRelay } from './shopify/mailRelay';
import { shopifyDeliveriesFor } from './shopify/payloads';
import { buildShopifyWebhook, postShopifyWebhook } from './shopify/webhookSender';
import type { ShopifyDeliveryRecord, ShopifyWebhookRequest } from './shopify/webhookSender';
import { tmcMessagesFor, tradeRateFor } from './taobao/messages';
import type { TopTradeRate } from './taobao/messages';
import { EmulatedTmc } from './taobao/tmcServer';
import { beijingTime } from './timeFormats';
import { handleTopRequest } from './taobao/topApi';
import { createRng } from './rng';
import { ORDER_STEPS, TrafficGenerator } from './traffic';
import { CHANNEL_PLATFORMS, ChannelTraffic } from './channelTraffic';
import type { ChannelPlatform, ChannelScenario } from './channelTraffic';
import { deliverNativeRequest } from './webhookDelivery';
import type { NativeRequest, WebhookDeliveryRecord } from './webhookDelivery';
import { buildWooCommerceRequest, woocommercePing, woocommerceRequestsFor } from './woocommerce/deliveries';
import { wooProductBody } from './woocommerce/products';
import { shopifyProductBody } from './shopify/products';
import { productWebhookSchema, type ProductWebhookInput } from './productFeed';
import { handleWeChatApi } from './wechat/api';
import { DOUYIN_API_PATHS, handleDouyinApi } from './douyin/api';
import { handlePddApi } from './pinduoduo/api';
import { handleJos } from './jd/jos';
import { handleJdOauthRefresh, JD_OAUTH_REFRESH_PATH } from './jd/oauth';
import { defaultRefreshToken, EmulatedTokens } from './tokens';
import { JdCommentBook, type JdEmulatedComment } from './jd/comments';
import { REVIEW_IMAGE_PATH, reviewImageUrl, sendReviewImage } from './reviewImages';
import { isProductImageKind, PRODUCT_IMAGE_PATH, productImageUrl, sendProductImage, type ProductImageKind } from './productImages';
import { catalogueFor, numericProductId, PRODUCT_CATEGORIES, type Product } from './catalog';
import { pmcMessagesFor } from './pinduoduo/messages';
import { EmulatedPmc } from './pinduoduo/pmcServer';
import { buildDouyinPush, douyinRequestsFor } from './douyin/pushes';
import { handleXiaohongshuApi, XIAOHONGSHU_API_PATH } from './xiaohongshu/api';
import { buildXiaohongshuPush, xiaohongshuRequestsFor } from './xiaohongshu/pushes';
import { buildWeiboPush, WEIBO_API_PATHS, weiboHandshake, WeiboEmulation } from './weibo/weibo';
import { signedPush, wechatHandshake, wechatRequestsFor } from './wechat/pushes';
import type { EmulatedOrder, OrderStep, Scenario } from './traffic';
import { EMULATED_CARRIERS } from './shipments';
import type { EmulatedCarrier } from './shipments';

/**
 * The storefront emulator: plays Taobao (TMC message service + TOP gateway) and Shopify
 * (webhooks into Huixin + the store's mail relay) for the demo, the e2e tests and load tests.
 * Start with `startEmulator(options)`; drive it through the returned handle or the HTTP
 * control API under /__emulator (same operations).
 */

export interface ScenarioResult {
  kind: Scenario['kind'];
  storeId: string;
  platform: EmulatedStore['platform'];
  step: OrderStep | null;
  orderId: string | null;
  text: string | null;
  rating: number | null;
  /** Taobao: ids of the TMC messages published (wait for their confirms with `waitForTmcConfirm`). */
  tmcMessageIds: string[];
  /** Shopify: the webhook deliveries made, with Huixin's answers. */
  shopifyDeliveries: ShopifyDeliveryRecord[];
  /** Pinduoduo: ids of the PMC messages published (wait for their acks with `pmc.waitForAck`). */
  pmcMessageIds: string[];
  /** WooCommerce, WeChat: the native requests made to Huixin's webhook URL, with its answers. */
  webhookDeliveries: WebhookDeliveryRecord[];
}

export interface Emulator {
  url: string;
  tmcUrl: string;
  apiUrl: string;
  close(): Promise<void>;
  addStore(store: EmulatedStoreInput): void;
  setHuixinUrl(url: string): void;
  /** The full credentials Huixin needs for a store, with this emulator's URLs filled in. */
  credentialsFor(storeId: string): Record<string, string>;
  generate(count: number): Promise<ScenarioResult[]>;
  sendBuyerMessage(input: { storeId: string; text?: string; buyerNick?: string; tid?: string }): Promise<ScenarioResult>;
  placeOrder(input: { storeId: string; note?: string | null; buyerNick?: string; productSku?: string; quantity?: number }): Promise<ScenarioResult>;
  advanceOrder(input: { storeId: string; orderId: string; step: Exclude<OrderStep, 'create'>; /** Who ships it (step 'ship'); else chosen from the order id. */ carrier?: EmulatedCarrier }): Promise<ScenarioResult>;
  /** Taobao/Tmall: the buyer rates a completed order, with `images` pictures (0–9, served by this emulator). */
  postReview(input: { storeId: string; orderId: string; rating?: 1 | 2 | 3 | 4 | 5; text?: string; images?: number }): Promise<ScenarioResult>;
  /** JD: the buyer of an order (default: the store's latest) comments on it; Huixin's poller reads it. */
  postJdComment(input: { storeId: string; orderId?: string; rating?: 1 | 2 | 3 | 4 | 5; text?: string; images?: number }): JdEmulatedComment;
  /** A Shopify delivery signed with the wrong secret. */
  sendForgedShopifyWebhook(input: { storeId: string }): Promise<ShopifyDeliveryRecord>;
  /** Sends the store's last Shopify delivery again, byte for byte, same ids. */
  replayShopifyDelivery(input: { storeId: string }): Promise<ShopifyDeliveryRecord>;
  /** Pushes the store's last TMC message again with the same id (a duplicate delivery). */
  replayTmcMessage(input: { storeId: string }): string;
  /** Pushes a broken TMC frame: `not-json` or a message whose content is not the topic's JSON. */
  pushMalformedTmcFrame(input: { storeId: string; kind: 'not-json' | 'bad-content' }): string;
  /** WooCommerce, WeChat: the store's last webhook request again, same bytes and ids. */
  replayWebhook(input: { storeId: string }): Promise<WebhookDeliveryRecord>;
  /** WooCommerce, WeChat: a request signed with the wrong secret / token. */
  sendForgedWebhook(input: { storeId: string }): Promise<WebhookDeliveryRecord>;
  /** WooCommerce: the unsigned ping of a newly saved webhook. WeChat: the GET server-verification handshake. */
  sendHandshake(input: { storeId: string }): Promise<WebhookDeliveryRecord & { expected: string | null }>;
  /** Shopify products/*, WooCommerce product.*: the shop creates, updates or deletes a product (signed as its other webhooks). */
  sendProductWebhook(input: ProductWebhookInput): Promise<ShopifyDeliveryRecord | WebhookDeliveryRecord>;
  /** WooCommerce, WeChat: any request in the platform's envelope (signed correctly), e.g. an unknown topic. */
  sendNativeWebhook(input: { storeId: string; label: string; body: string }): Promise<WebhookDeliveryRecord>;
  webhookDeliveries(): WebhookDeliveryRecord[];
  setFault(fault: Fault): void;
  replies(platform?: Fault['platform']): RecordedReply[];
  shopifyDeliveries(): ShopifyDeliveryRecord[];
  orders(storeId: string): readonly EmulatedOrder[];
  tmc: EmulatedTmc;
  waitForTmcConfirm(id: string, timeoutMs?: number): Promise<void>;
  /** Pinduoduo's message service. */
  pmc: EmulatedPmc;
  /** Pushes the store's last PMC message again with the same id (a duplicate delivery). */
  replayPmcMessage(input: { storeId: string }): string;
  /**
   * OAuth tokens of the platforms whose tokens expire (Douyin tool apps, Pinduoduo, JD,
   * Xiaohongshu, Weibo): lifetimes, expire / revoke, refresh counts.
   */
  oauth: EmulatedTokens;
  /** Weibo: a fan comments on one of the brand's posts (read by Huixin through comments/to_me). */
  postWeiboComment(input: { storeId: string; text?: string; buyerNick?: string; postId?: string }): { commentId: string; postId: string; fanUid: string; text: string };
}

export async function startEmulator(input: EmulatorOptions = {}): Promise<Emulator> {
  const options = emulatorOptionsSchema.parse(input);
  const stores = new Map<string, EmulatedStore>();
  /** What each store given categories sells; the others sell their platform's mixed list. */
  const catalogues = new Map<string, readonly Product[]>();
  const traffic = new TrafficGenerator(options.seed, (storeId) => catalogues.get(storeId));
  const channelTraffic = new ChannelTraffic(options.seed, (storeId) => catalogues.get(storeId));
  const weibo = new WeiboEmulation(options.seed);
  const jdComments = new JdCommentBook();
  const webhookRecords: WebhookDeliveryRecord[] = [];
  const lastNative = new Map<string, NativeRequest>();
  /** WeChat after-sale orders by id: which order, and its status. */
  const afterSales = new Map<string, { storeId: string; orderId: string; status: string }>();
  // Its own stream, so that turning chaos on does not change the generated traffic.
  const chaos = createRng(options.seed ^ 0x5eed);
  const replies = new ReplyRecorder();
  const faults = new FaultSwitch();
  const oauth = new EmulatedTokens();
  const tradeRates = new Map<string, TopTradeRate[]>();
  const deliveries: ShopifyDeliveryRecord[] = [];
  const lastShopify = new Map<string, ShopifyWebhookRequest>();
  const lastTmc = new Map<string, { id: string; topic: string; content: string; pubTime: Date }>();
  const held = new Set<ServerResponse>();
  const shutdown = new AbortController();
  let huixinUrl = options.huixinUrl;
  let waitingForHuixin: Array<() => void> = [];
  let requestSerial = 0;
  /** Douyin push msg_ids: 19 digits, unique per emulator run. */
  let douyinMsgSerial = 7_300_000_000_000_000_000n + BigInt(options.seed) * 1_000_000n;

  const taobaoStore = (appKey: string): TaobaoEmulatedStore | undefined =>
    [...stores.values()].find((s): s is TaobaoEmulatedStore => isTopStore(s) && s.credentials.appKey === appKey);
  const tmc = new EmulatedTmc((appKey) => taobaoStore(appKey)?.credentials.appSecret, options.tmcRedeliveryMs, 7_100_000_000_000_000_000n + BigInt(options.seed) * 1_000_000n);
  const pinduoduoStores = (): PinduoduoEmulatedStore[] => [...stores.values()].filter((s): s is PinduoduoEmulatedStore => s.platform === 'pinduoduo');
  const pmc = new EmulatedPmc(
    (clientId) => pinduoduoStores().find((s) => s.credentials.clientId === clientId)?.credentials.clientSecret,
    options.tmcRedeliveryMs,
    8_100_000_000_000_000_000n + BigInt(options.seed) * 1_000_000n,
  );
  const lastPmc = new Map<string, string>();
  const hold = (response: ServerResponse): void => {
    // A "timeout" fault: keep the request open until the caller gives up or we shut down.
    held.add(response);
    response.on('close', () => held.delete(response));
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    const upgradePath = new URL(request.url ?? '/', 'http://emulator').pathname;
    if (upgradePath === '/tmc') tmc.handleUpgrade(request, socket, head);
    else if (EmulatedPmc.matches(upgradePath)) pmc.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${options.host}:${address.port}`;
  const tmcUrl = `ws://${options.host}:${address.port}/tmc`;
  const apiUrl = `${url}/router/rest`;

  const requireStore = (storeId: string): EmulatedStore => {
    const store = stores.get(storeId);
    if (!store) throw new EmulatorInputError(`no store ${storeId} in the emulator`);
    return store;
  };

  const deliverShopify = async (webhook: ShopifyWebhookRequest, flags: { forged: boolean; replayOf: string | null }): Promise<ShopifyDeliveryRecord> => {
    if (huixinUrl === null) await new Promise<void>((resolve) => waitingForHuixin.push(resolve));
    if (options.shopifyReorderMs > 0) await sleep(chaos.int(0, options.shopifyReorderMs), shutdown.signal);
    const post = () =>
      postShopifyWebhook(huixinUrl ?? '', webhook, {
        attempts: options.shopifyDeliveryAttempts,
        retryBaseMs: options.shopifyRetryBaseMs,
        signal: shutdown.signal,
      });
    const result = await post();
    if (options.shopifyDuplicateRate > 0 && result.status !== null && result.status < 300 && chaos.chance(options.shopifyDuplicateRate)) {
      // A redelivery of an accepted webhook, byte for byte: Huixin must store it once.
      const again = await post();
      deliveries.push({ storeId: webhook.storeId, topic: webhook.topic, webhookId: webhook.headers['x-shopify-webhook-id'] ?? '', eventId: webhook.headers['x-shopify-event-id'] ?? '', ...again, forged: false, replayOf: webhook.headers['x-shopify-webhook-id'] ?? null });
    }
    const record: ShopifyDeliveryRecord = {
      storeId: webhook.storeId,
      topic: webhook.topic,
      webhookId: webhook.headers['x-shopify-webhook-id'] ?? '',
      eventId: webhook.headers['x-shopify-event-id'] ?? '',
      ...result,
      ...flags,
    };
    deliveries.push(record);
    return record;
  };

  const deliverNative = async (request: NativeRequest, flags: { forged: boolean; replay: boolean }): Promise<WebhookDeliveryRecord> => {
    if (huixinUrl === null) await new Promise<void>((resolve) => waitingForHuixin.push(resolve));
    const result = await deliverNativeRequest(huixinUrl ?? '', request, { attempts: options.shopifyDeliveryAttempts, retryBaseMs: options.shopifyRetryBaseMs, signal: shutdown.signal });
    const record: WebhookDeliveryRecord = { storeId: request.storeId, platform: request.platform, label: request.label, ...result, ...flags };
    webhookRecords.push(record);
    return record;
  };

  const nativeRequestsFor = (store: ChannelStore, scenario: ChannelScenario, now: Date): NativeRequest[] => {
    switch (store.platform) {
      case 'woocommerce':
        return woocommerceRequestsFor(scenario, store.credentials);
      case 'wechat':
        return wechatRequestsFor(scenario, store.credentials, now);
      case 'douyin':
        return douyinRequestsFor(scenario, store.credentials, () => String(++douyinMsgSerial));
      case 'pinduoduo':
        return []; // PMC, not webhooks: see playChannel
      case 'jd':
        return []; // JD is polled: the changed order is what Huixin reads next (jd/jos.ts)
      case 'xiaohongshu':
        return xiaohongshuRequestsFor(scenario, store.credentials);
    }
  };

  /** A Weibo fan's direct message, pushed like Weibo's fan service does. */
  const playWeiboMessage = async (store: WeiboEmulatedStore, input: { text?: string; buyerNick?: string }): Promise<ScenarioResult> => {
    const { request, text } = guard(() => weibo.directMessage(store.id, store.credentials, { ...(input.text ? { text: input.text } : {}), ...(input.buyerNick ? { fanName: input.buyerNick } : {}) }));
    lastNative.set(store.id, request);
    const delivery = await deliverNative(request, { forged: false, replay: false });
    return { kind: 'buyer-message', storeId: store.id, platform: 'weibo', step: null, orderId: null, text, rating: null, tmcMessageIds: [], shopifyDeliveries: [], pmcMessageIds: [], webhookDeliveries: [delivery] };
  };

  const playChannel = async (scenario: ChannelScenario): Promise<ScenarioResult> => {
    const store = requireStore(scenario.storeId);
    if (!isChannelStore(store)) throw new EmulatorInputError(`${store.id} is not a ${scenario.platform} store`);
    if (scenario.kind === 'order-step' && scenario.afterSaleId !== null) {
      afterSales.set(scenario.afterSaleId, { storeId: store.id, orderId: scenario.order.id, status: 'USER_WAIT_MERCHANT_CONFIRM' });
    }
    const result: ScenarioResult = {
      kind: scenario.kind === 'buyer-message' ? 'buyer-message' : 'order-step',
      storeId: store.id,
      platform: store.platform,
      step: scenario.kind === 'order-step' ? scenario.step : null,
      orderId: scenario.kind === 'order-step' ? scenario.order.id : null,
      text: scenario.kind === 'buyer-message' ? scenario.text : scenario.order.note,
      rating: null,
      tmcMessageIds: [],
      shopifyDeliveries: [],
      pmcMessageIds: [],
      webhookDeliveries: [],
    };
    if (store.platform === 'pinduoduo') {
      for (const message of pmcMessagesFor(scenario, store.credentials.mallId)) {
        const id = pmc.publish(store.credentials.clientId, message.type, store.credentials.mallId, message.content);
        lastPmc.set(store.id, id);
        result.pmcMessageIds.push(id);
      }
    }
    for (const request of nativeRequestsFor(store, scenario, new Date())) {
      lastNative.set(store.id, request);
      result.webhookDeliveries.push(await deliverNative(request, { forged: false, replay: false }));
    }
    return result;
  };

  const play = async (scenario: Scenario): Promise<ScenarioResult> => {
    const store = requireStore(scenario.storeId);
    const now = new Date();
    const result: ScenarioResult = {
      kind: scenario.kind,
      storeId: scenario.storeId,
      platform: store.platform,
      step: scenario.kind === 'order-step' ? scenario.step : null,
      orderId: scenario.kind === 'buyer-message' ? scenario.tid : scenario.order.id,
      text: scenario.kind === 'buyer-message' || scenario.kind === 'review' ? scenario.text : scenario.order.note,
      rating: scenario.kind === 'review' ? scenario.rating : null,
      tmcMessageIds: [],
      shopifyDeliveries: [],
      pmcMessageIds: [],
      webhookDeliveries: [],
    };
    if (scenario.kind !== 'buyer-message') scenario.order.placedAt ??= now;
    if (isTopStore(store)) {
      if (scenario.kind === 'review') {
        const list = tradeRates.get(store.id) ?? [];
        list.push(tradeRateFor(scenario, now, url));
        tradeRates.set(store.id, list);
      }
      for (const message of tmcMessagesFor(scenario, store.credentials.sellerNick, now, () => tmc.nextId())) {
        const id = tmc.publish(store.credentials.appKey, message.topic, store.credentials.sellerNick, message.content, now);
        lastTmc.set(store.id, { id, topic: message.topic, content: message.content, pubTime: now });
        result.tmcMessageIds.push(id);
      }
    } else if (store.platform === 'shopify') {
      for (const delivery of shopifyDeliveriesFor(scenario, store.credentials.shopDomain, now)) {
        const webhook = buildShopifyWebhook(store, delivery.topic, delivery.body, now);
        lastShopify.set(store.id, webhook);
        result.shopifyDeliveries.push(await deliverShopify(webhook, { forged: false, replayOf: null }));
      }
    }
    return result;
  };

  const guard = <T>(action: () => T): T => {
    try {
      return action();
    } catch (error) {
      if (error instanceof EmulatorInputError) throw error;
      throw new EmulatorInputError(error instanceof Error ? error.message : String(error));
    }
  };

  const handle: Emulator = {
    url,
    tmcUrl,
    apiUrl,
    tmc,
    pmc,
    replayPmcMessage({ storeId }) {
      const last = lastPmc.get(storeId);
      if (!last) throw new EmulatorInputError(`store ${storeId} has no PMC message to replay`);
      pmc.replay(last);
      return last;
    },
    addStore(store) {
      const parsed = emulatedStoreSchema.parse(store);
      const catalogue = parsed.categories && catalogueFor(parsed.platform === 'shopify' || parsed.platform === 'woocommerce' ? 'en' : 'zh', parsed.categories);
      // Checked before anything is kept: a store that could sell nothing is refused whole.
      if (catalogue?.length === 0 && parsed.platform !== 'weibo') {
        throw new EmulatorInputError(`the emulator has no ${parsed.platform} products in ${parsed.categories?.join(', ')}`);
      }
      stores.set(parsed.id, parsed);
      if (catalogue && catalogue.length > 0) catalogues.set(parsed.id, catalogue);
      else catalogues.delete(parsed.id);
      registerOauth(parsed);
    },
    oauth,
    setHuixinUrl(next) {
      huixinUrl = z.url().parse(next);
      const waiting = waitingForHuixin;
      waitingForHuixin = [];
      for (const wake of waiting) wake();
    },
    credentialsFor(storeId): Record<string, string> {
      const store = requireStore(storeId);
      if (store.platform === 'woocommerce') {
        const { webhookSecret, siteUrl, mailRelayToken } = store.credentials;
        return { webhookSecret, siteUrl, mailRelayUrl: `${url}/woocommerce/mail-relay/${encodeURIComponent(store.id)}`, mailRelayToken };
      }
      if (store.platform === 'wechat') {
        const { appId, appSecret, token, encodingAESKey } = store.credentials;
        return { appId, appSecret, token, apiUrl: url, ...(encodingAESKey !== undefined ? { encodingAESKey } : {}) };
      }
      if (store.platform === 'douyin') {
        const { appKey, appSecret, shopId, accessToken, refreshToken } = store.credentials;
        // A tool app's tokens only when the store was given some (else a self-use app: token.create).
        const tool: Record<string, string> = accessToken !== undefined ? { accessToken, refreshToken: refreshToken ?? defaultRefreshToken(accessToken) } : {};
        return { appKey, appSecret, shopId, apiUrl: url, ...tool };
      }
      if (store.platform === 'jd') {
        const { appKey, appSecret, venderId, accessToken, refreshToken, pollSeconds } = store.credentials;
        return {
          appKey,
          appSecret,
          venderId,
          accessToken,
          refreshToken: refreshToken ?? defaultRefreshToken(accessToken),
          apiUrl: `${url}/routerjson`,
          oauthUrl: url,
          ...(pollSeconds !== undefined ? { pollSeconds: String(pollSeconds) } : {}),
        };
      }
      if (store.platform === 'xiaohongshu') {
        const { appKey, appSecret, sellerId, accessToken, refreshToken } = store.credentials;
        return { appKey, appSecret, sellerId, accessToken, refreshToken: refreshToken ?? defaultRefreshToken(accessToken), apiUrl: `${url}${XIAOHONGSHU_API_PATH}` };
      }
      if (store.platform === 'weibo') {
        const { appKey, appSecret, uid, accessToken, pollSeconds } = store.credentials;
        return { appKey, appSecret, uid, accessToken, apiUrl: url, messageApiUrl: url, ...(pollSeconds !== undefined ? { pollSeconds: String(pollSeconds) } : {}) };
      }
      if (store.platform === 'pinduoduo') {
        const { clientId, clientSecret, mallId, accessToken, refreshToken } = store.credentials;
        return { clientId, clientSecret, mallId, accessToken, refreshToken: refreshToken ?? defaultRefreshToken(accessToken), pmcUrl: `ws://${options.host}:${address.port}/message`, apiUrl: `${url}/api/router` };
      }
      return isTopStore(store)
        ? { appKey: store.credentials.appKey, appSecret: store.credentials.appSecret, sellerNick: store.credentials.sellerNick, tmcUrl, apiUrl }
        : {
            shopDomain: store.credentials.shopDomain,
            webhookSecret: store.credentials.webhookSecret,
            mailRelayUrl: `${url}/mail-relay/${encodeURIComponent(store.id)}`,
            mailRelayToken: store.credentials.mailRelayToken,
          };
    },
    async generate(count) {
      const all = [...stores.values()];
      if (all.length === 0) throw new EmulatorInputError('the emulator has no stores');
      const storeList = all.flatMap((s) => (isTopStore(s) || s.platform === 'shopify' ? [{ id: s.id, platform: trafficPlatform(s) }] : []));
      const channelStores = all.filter(isChannelStore);
      const weiboStores = all.filter((s): s is WeiboEmulatedStore => s.platform === 'weibo');
      const results: ScenarioResult[] = [];
      for (let i = 0; i < count; i++) {
        // The newer platforms take their share of the traffic by store count, from their own seeded story.
        const pick = channelStores.length > 0 ? channelTraffic.pickStore(all.length) : all.length;
        const channelStore = pick >= storeList.length ? channelStores[pick - storeList.length] : undefined;
        // Weibo stores (after the others in the pick): every other event a fan's comment, read by Huixin's poller.
        const weiboStore = pick >= storeList.length + channelStores.length ? weiboStores[pick - storeList.length - channelStores.length] : undefined;
        if (weiboStore && i % 2 === 1) {
          const comment = weibo.comment(weiboStore.id, {});
          results.push({ kind: 'buyer-message', storeId: weiboStore.id, platform: 'weibo', step: null, orderId: null, text: comment.text, rating: null, tmcMessageIds: [], shopifyDeliveries: [], pmcMessageIds: [], webhookDeliveries: [] });
          continue;
        }
        if (weiboStore) {
          results.push(await playWeiboMessage(weiboStore, {}));
          continue;
        }
        results.push(channelStore ? await playChannel(channelTraffic.next(channelStore.id, channelStore.platform)) : await play(traffic.next(storeList)));
      }
      return results;
    },
    sendBuyerMessage(inputMessage) {
      const store = requireStore(inputMessage.storeId);
      if (store.platform === 'weibo') return playWeiboMessage(store, inputMessage);
      if (isChannelStore(store)) {
        return playChannel(guard(() => channelTraffic.buyerMessage(store.id, store.platform, { ...(inputMessage.text ? { text: inputMessage.text } : {}), ...(inputMessage.buyerNick ? { buyerName: inputMessage.buyerNick } : {}) })));
      }
      if (!isTopStore(store)) throw new EmulatorInputError('Shopify has no buyer chat; use placeOrder({ note }) for buyer text');
      return play(guard(() => traffic.buyerMessage(store.id, inputMessage)));
    },
    placeOrder(inputOrder) {
      const store = requireStore(inputOrder.storeId);
      if (isChannelStore(store)) {
        const { note, buyerNick, quantity } = inputOrder;
        return playChannel(guard(() => channelTraffic.createOrder(store.id, store.platform, { ...(note !== undefined ? { note } : {}), ...(buyerNick ? { buyerName: buyerNick } : {}), ...(quantity ? { quantity } : {}) })));
      }
      if (store.platform === 'weibo') throw new EmulatorInputError('Weibo has no shop orders; use sendBuyerMessage or postWeiboComment');
      return play(guard(() => traffic.createOrder(store.id, trafficPlatform(store), inputOrder)));
    },
    advanceOrder(inputStep) {
      if (isChannelStore(requireStore(inputStep.storeId))) return playChannel(guard(() => channelTraffic.advance(inputStep.storeId, inputStep.orderId, inputStep.step, inputStep.carrier)));
      return play(guard(() => traffic.advance(inputStep.storeId, inputStep.orderId, inputStep.step, inputStep.carrier)));
    },
    postReview(inputReview) {
      return play(guard(() => traffic.review(inputReview.storeId, inputReview.orderId, inputReview)));
    },
    postJdComment(input) {
      const store = requireStore(input.storeId);
      if (store.platform !== 'jd') throw new EmulatorInputError(`${store.id} is not a JD store`);
      const orders = channelTraffic.ordersOf(store.id);
      const order = input.orderId === undefined ? orders.at(-1) : orders.find((o) => o.id === input.orderId);
      if (!order) throw new EmulatorInputError(input.orderId === undefined ? `${store.id} has no orders to comment on` : `no order ${input.orderId} in ${store.id}`);
      const line = order.lines[0];
      const rating = input.rating ?? 5;
      const reviewKey = `${order.id}-${jdComments.of(store.id).length + 1}`;
      return jdComments.post(store.id, {
        skuid: numericProductId(line?.product.sku ?? order.id),
        skuName: line?.product.title ?? '',
        content: input.text ?? (rating >= 4 ? '东西不错，物流很快' : rating === 3 ? '一般般吧' : '收到有破损，很失望'),
        createdAt: new Date(),
        score: rating,
        orderId: order.id,
        // The same encrypted buyer id as the store's order search answers (jd/jos.ts).
        buyerOpenId: `jd_${Buffer.from(order.buyer.id).toString('hex').slice(0, 24)}`,
        images: Array.from({ length: input.images ?? 0 }, (_, index) => reviewImageUrl(url, `jd-${reviewKey}`, index + 1)),
      });
    },
    async sendForgedShopifyWebhook({ storeId }) {
      const store = requireStore(storeId);
      if (store.platform !== 'shopify') throw new EmulatorInputError(`${storeId} is not a Shopify store`);
      const forgedStore: ShopifyEmulatedStore = { ...store, credentials: { ...store.credentials, webhookSecret: `${store.credentials.webhookSecret}-forged` } };
      const scenario = guard(() => traffic.createOrder(storeId, 'shopify', { note: null }));
      if (scenario.kind === 'order-step') scenario.order.placedAt = new Date();
      const [delivery] = shopifyDeliveriesFor(scenario, store.credentials.shopDomain, new Date());
      if (!delivery) throw new Error('no delivery rendered');
      return deliverShopify(buildShopifyWebhook(forgedStore, delivery.topic, delivery.body), { forged: true, replayOf: null });
    },
    async replayShopifyDelivery({ storeId }) {
      const last = lastShopify.get(storeId);
      if (!last) throw new EmulatorInputError(`store ${storeId} has no Shopify delivery to replay`);
      return deliverShopify(last, { forged: false, replayOf: last.headers['x-shopify-webhook-id'] ?? null });
    },
    replayTmcMessage({ storeId }) {
      const store = requireStore(storeId);
      const last = lastTmc.get(storeId);
      if (!isTopStore(store) || !last) throw new EmulatorInputError(`store ${storeId} has no TMC message to replay`);
      const original = tmc.confirmed().find((c) => c.id === last.id);
      if (!original) throw new EmulatorInputError(`TMC message ${last.id} is not confirmed yet; nothing to replay`);
      // The replay repeats the original message: same id, topic, time and content.
      const frame = JSON.stringify({ type: 'message', id: last.id, topic: last.topic, pub_time: beijingTime(last.pubTime), user_nick: store.credentials.sellerNick, content: last.content });
      tmc.publishRaw(store.credentials.appKey, frame, last.id);
      return last.id;
    },
    pushMalformedTmcFrame({ storeId, kind }) {
      const store = requireStore(storeId);
      if (!isTopStore(store)) throw new EmulatorInputError(`${storeId} is not a Taobao or Tmall store`);
      const id = tmc.nextId();
      const frame =
        kind === 'not-json'
          ? `{"type":"message","id":"${id}","topic":"taobao_trade_TradeCreate",`
          : JSON.stringify({ type: 'message', id, topic: 'taobao_trade_TradeBuyerPay', pub_time: '2024-05-01 12:00:00', user_nick: store.credentials.sellerNick, content: '{"tid": "not a number", ' });
      return tmc.publishRaw(store.credentials.appKey, frame, id);
    },
    async replayWebhook({ storeId }) {
      const last = lastNative.get(storeId);
      if (!last) throw new EmulatorInputError(`store ${storeId} has no webhook request to replay`);
      return deliverNative(last, { forged: false, replay: true });
    },
    async sendForgedWebhook({ storeId }) {
      const store = requireStore(storeId);
      if (store.platform === 'weibo') {
        const { request } = weibo.directMessage(store.id, { ...store.credentials, appSecret: `${store.credentials.appSecret}-forged` }, {});
        return deliverNative(request, { forged: true, replay: false });
      }
      if (store.platform === 'pinduoduo' || store.platform === 'jd') throw new EmulatorInputError(`${store.platform} has no webhooks (Pinduoduo: PMC, JD: polled)`);
      if (!isChannelStore(store)) throw new EmulatorInputError(`${storeId} is not a WooCommerce, WeChat or Douyin store`);
      const scenario = guard(() => channelTraffic.createOrder(store.id, store.platform, { note: null }));
      const [genuine] = nativeRequestsFor(store, scenario, new Date());
      if (!genuine) throw new Error('no request rendered');
      const forged: NativeRequest =
        store.platform === 'woocommerce'
          ? buildWooCommerceRequest(store.id, genuine.label, genuine.body, store.credentials, `${store.credentials.webhookSecret}-forged`)
          : store.platform === 'douyin'
            ? buildDouyinPush(store.id, genuine.label, genuine.body, store.credentials, `${store.credentials.appSecret}-forged`)
            : store.platform === 'xiaohongshu'
              ? buildXiaohongshuPush(store.id, genuine.label, genuine.body, store.credentials, `${store.credentials.appSecret}-forged`)
            : { ...genuine, query: { ...genuine.query, signature: 'f'.repeat(40) } };
      return deliverNative(forged, { forged: true, replay: false });
    },
    async sendHandshake({ storeId }) {
      const store = requireStore(storeId);
      if (store.platform === 'weibo') {
        const request = weiboHandshake(store.id, store.credentials.appSecret);
        return { ...(await deliverNative(request, { forged: false, replay: false })), expected: request.query.echostr ?? null };
      }
      if (store.platform === 'pinduoduo' || store.platform === 'jd') throw new EmulatorInputError(`${store.platform} has no webhooks (Pinduoduo: PMC, JD: polled)`);
      if (!isChannelStore(store)) throw new EmulatorInputError(`${storeId} is not a WooCommerce or WeChat store`);
      if (store.platform === 'douyin' || store.platform === 'xiaohongshu') throw new EmulatorInputError(`${store.platform} pushes have no handshake`);
      const request = store.platform === 'woocommerce' ? woocommercePing(store.id) : wechatHandshake(store.id, store.credentials.token, new Date());
      return { ...(await deliverNative(request, { forged: false, replay: false })), expected: request.query.echostr ?? null };
    },
    async sendNativeWebhook({ storeId, label, body }) {
      const store = requireStore(storeId);
      if (store.platform === 'weibo') return deliverNative(buildWeiboPush(store.id, label, body, store.credentials.appSecret), { forged: false, replay: false });
      if (store.platform === 'pinduoduo' || store.platform === 'jd') throw new EmulatorInputError(`${store.platform} has no webhooks (Pinduoduo: PMC, JD: polled)`);
      if (!isChannelStore(store)) throw new EmulatorInputError(`${storeId} is not a WooCommerce, WeChat or Douyin store`);
      if (store.platform === 'woocommerce') return deliverNative(buildWooCommerceRequest(store.id, label, body, store.credentials), { forged: false, replay: false });
      if (store.platform === 'douyin') return deliverNative(buildDouyinPush(store.id, label, body, store.credentials), { forged: false, replay: false });
      if (store.platform === 'xiaohongshu') return deliverNative(buildXiaohongshuPush(store.id, label, body, store.credentials), { forged: false, replay: false });
      const timestamp = String(Math.floor(Date.now() / 1000));
      return deliverNative(signedPush(store.id, label, body, store.credentials, 'o_unknown', timestamp), { forged: false, replay: false });
    },
    async sendProductWebhook(inputProduct) {
      const { storeId, action, product: given, updatedAt } = productWebhookSchema.parse(inputProduct);
      const store = requireStore(storeId);
      const at = updatedAt ? new Date(updatedAt) : new Date();
      // A product published without a picture URL gets the emulator's picture of its kind (null: none).
      const product = given.imageUrl !== undefined ? given : { ...given, imageUrl: productImageUrl(url, feedPictureKind(store, given.sku), given.sku) };
      if (store.platform === 'shopify') {
        const webhook = buildShopifyWebhook(store, `products/${action}`, shopifyProductBody(product, action, at), at);
        lastShopify.set(storeId, webhook);
        return deliverShopify(webhook, { forged: false, replayOf: null });
      }
      if (store.platform === 'woocommerce') {
        const request = buildWooCommerceRequest(store.id, `product.${action === 'create' ? 'created' : action === 'update' ? 'updated' : 'deleted'}`, wooProductBody(product, action, at, store.credentials.siteUrl), store.credentials);
        lastNative.set(storeId, request);
        return deliverNative(request, { forged: false, replay: false });
      }
      throw new EmulatorInputError(`${store.platform} has no product webhooks in the emulator (Shopify and WooCommerce do)`);
    },
    webhookDeliveries: () => webhookRecords.map((r) => ({ ...r })),
    setFault(fault) {
      faults.set(faultSchema.parse(fault));
    },
    replies: (platform) => replies.list(platform),
    shopifyDeliveries: () => deliveries.map((d) => ({ ...d })),
    orders: (storeId) => traffic.ordersOf(storeId),
    waitForTmcConfirm: (id, timeoutMs) => tmc.waitForConfirm(id, timeoutMs),
    postWeiboComment(input) {
      const store = requireStore(input.storeId);
      if (store.platform !== 'weibo') throw new EmulatorInputError(`${store.id} is not a Weibo store`);
      return guard(() => weibo.comment(store.id, { ...(input.text ? { text: input.text } : {}), ...(input.buyerNick ? { fanName: input.buyerNick } : {}), ...(input.postId ? { postId: input.postId } : {}) }));
    },
    async close() {
      if (rateTimer) clearInterval(rateTimer);
      shutdown.abort();
      for (const wake of waitingForHuixin) wake();
      for (const response of held) response.destroy();
      tmc.close();
      pmc.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** Which platforms rotate refresh tokens on use (see each platform's refresh handler). */
  function registerOauth(store: EmulatedStore): void {
    if (store.platform === 'pinduoduo') oauth.register(store.id, store.credentials.accessToken, store.credentials.refreshToken ?? defaultRefreshToken(store.credentials.accessToken), false);
    if (store.platform === 'jd' || store.platform === 'xiaohongshu') {
      oauth.register(store.id, store.credentials.accessToken, store.credentials.refreshToken ?? defaultRefreshToken(store.credentials.accessToken), true);
    }
    if (store.platform === 'douyin' && store.credentials.accessToken !== undefined) {
      oauth.register(store.id, store.credentials.accessToken, store.credentials.refreshToken ?? defaultRefreshToken(store.credentials.accessToken), true);
    }
    // Weibo's fan-service token has no refresh call: its refresh token is never handed out.
    if (store.platform === 'weibo') oauth.register(store.id, store.credentials.accessToken, `${store.credentials.accessToken}-unused`, false);
  }

  for (const store of options.stores) handle.addStore(store);

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://emulator').pathname;
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/healthz') return sendJson(response, 200, { ok: true, stores: stores.size, huixinUrl });
    if (method === 'POST' && path === '/router/rest') {
      return handleTopRequest(request, response, {
        storeForAppKey: taobaoStore,
        replies,
        faults,
        tradeRates: (storeId) => tradeRates.get(storeId) ?? [],
        orders: (storeId) => traffic.ordersOf(storeId),
        nextId: () => `req-${++requestSerial}`,
        hold,
      });
    }
    const relay = /^\/mail-relay\/([^/]+)$/.exec(path);
    if (method === 'POST' && relay?.[1]) {
      return handleMailRelay(decodeURIComponent(relay[1]), request, response, {
        store: (id) => {
          const s = stores.get(id);
          return s?.platform === 'shopify' ? s : undefined;
        },
        replies,
        faults,
        hold,
      });
    }
    const wooRelay = /^\/woocommerce\/mail-relay\/([^/]+)$/.exec(path);
    if (method === 'POST' && wooRelay?.[1]) {
      return handleMailRelay(decodeURIComponent(wooRelay[1]), request, response, {
        platform: 'woocommerce',
        store: (id) => {
          const s = stores.get(id);
          return s?.platform === 'woocommerce' ? s : undefined;
        },
        replies,
        faults,
        hold,
      });
    }
    if (path.startsWith('/cgi-bin/') || path.startsWith('/channels/ec/')) {
      const handled = await handleWeChatApi(path, request, response, {
        stores: () => [...stores.values()].filter((s): s is WeChatEmulatedStore => s.platform === 'wechat'),
        order: (storeId, orderId) => channelTraffic.ordersOf(storeId).find((o) => o.id === orderId),
        afterSale: (storeId, id) => {
          const found = afterSales.get(id);
          return found?.storeId === storeId ? found : undefined;
        },
        replies,
        faults,
        hold,
      });
      if (handled) return;
    }
    if (method === 'POST' && (DOUYIN_API_PATHS as readonly string[]).includes(path)) {
      return handleDouyinApi(path, request, response, {
        stores: () => [...stores.values()].filter((s): s is DouyinEmulatedStore => s.platform === 'douyin'),
        order: (storeId, orderId) => channelTraffic.ordersOf(storeId).find((o) => o.id === orderId),
        faults,
        hold,
        oauth,
      });
    }
    if (method === 'GET' && path === JD_OAUTH_REFRESH_PATH) {
      return handleJdOauthRefresh(request, response, { stores: () => [...stores.values()].filter((s): s is JdEmulatedStore => s.platform === 'jd'), tokens: oauth });
    }
    if ((WEIBO_API_PATHS as readonly string[]).includes(path)) {
      return weibo.handle(path, request, response, {
        stores: () => [...stores.values()].filter((s): s is WeiboEmulatedStore => s.platform === 'weibo'),
        replies,
        faults,
        hold,
        tokens: oauth,
      });
    }
    if (method === 'POST' && path === XIAOHONGSHU_API_PATH) {
      return handleXiaohongshuApi(request, response, {
        stores: () => [...stores.values()].filter((s): s is XiaohongshuEmulatedStore => s.platform === 'xiaohongshu'),
        order: (storeId, orderId) => channelTraffic.ordersOf(storeId).find((o) => o.id === orderId),
        faults,
        hold,
        tokens: oauth,
      });
    }
    if (method === 'POST' && path === '/routerjson') {
      return handleJos(request, response, {
        stores: () => [...stores.values()].filter((s): s is JdEmulatedStore => s.platform === 'jd'),
        orders: (storeId) => channelTraffic.ordersOf(storeId),
        faults,
        hold,
        tokens: oauth,
        comments: jdComments,
        replies,
      });
    }
    const reviewImage = REVIEW_IMAGE_PATH.exec(path);
    if (method === 'GET' && reviewImage?.[1]) return sendReviewImage(response, reviewImage[1]);
    const productImage = PRODUCT_IMAGE_PATH.exec(path);
    if (method === 'GET' && productImage?.[1] && productImage[2] && isProductImageKind(productImage[1])) return sendProductImage(response, productImage[1], productImage[2]);
    if (method === 'POST' && path === '/api/router') {
      return handlePddApi(request, response, {
        stores: pinduoduoStores,
        order: (storeId, orderSn) => channelTraffic.ordersOf(storeId).find((o) => o.id === orderSn),
        faults,
        hold,
        tokens: oauth,
      });
    }
    if (path.startsWith('/__emulator/')) return control(method, path.slice('/__emulator/'.length), request, response);
    sendJson(response, 404, { error: `no route ${method} ${path}` });
  }

  async function control(method: string, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (method === 'GET') {
        if (path === 'replies') {
          return sendJson(response, 200, { taobao: replies.list('taobao'), tmall: replies.list('tmall'), shopify: replies.list('shopify'), woocommerce: replies.list('woocommerce'), wechat: replies.list('wechat') });
        }
        if (path === 'state') {
          return sendJson(response, 200, {
            stores: [...stores.values()].map((s) => ({ id: s.id, platform: s.platform })),
            huixinUrl,
            faults: faults.current(),
            tmc: { confirmed: tmc.confirmed(), pending: tmc.pendingIds(), connections: tmc.connectionAttempts() },
            pmc: { acknowledged: pmc.acknowledged(), pending: pmc.pendingIds(), connections: pmc.connectionAttempts() },
            shopifyDeliveries: deliveries,
            webhookDeliveries: webhookRecords,
          });
        }
        const credentials = /^stores\/([^/]+)\/credentials$/.exec(path);
        if (credentials?.[1]) return sendJson(response, 200, handle.credentialsFor(decodeURIComponent(credentials[1])));
      }
      if (method === 'POST') {
        const body = parseJsonBody(await readBody(request));
        switch (path) {
          case 'generate':
            return sendJson(response, 200, { results: await handle.generate(generateSchema.parse(body).count) });
          case 'stores':
            handle.addStore(emulatedStoreSchema.parse(body));
            return sendJson(response, 200, { ok: true });
          case 'huixin-url':
            handle.setHuixinUrl(z.object({ url: z.url() }).parse(body).url);
            return sendJson(response, 200, { ok: true });
          case 'faults':
            handle.setFault(faultSchema.parse(body));
            return sendJson(response, 200, { faults: faults.current() });
          case 'scenario/buyer-message':
            return sendJson(response, 200, await handle.sendBuyerMessage(buyerMessageSchema.parse(body)));
          case 'scenario/order':
            return sendJson(response, 200, await handle.placeOrder(orderSchema.parse(body)));
          case 'scenario/order-step':
            return sendJson(response, 200, await handle.advanceOrder(orderStepSchema.parse(body)));
          case 'scenario/review':
            return sendJson(response, 200, await handle.postReview(reviewSchema.parse(body)));
          case 'scenario/forged-delivery': {
            const ref = storeRefSchema.parse(body);
            if (isChannelStore(requireStore(ref.storeId))) return sendJson(response, 200, await handle.sendForgedWebhook(ref));
            return sendJson(response, 200, await handle.sendForgedShopifyWebhook(ref));
          }
          case 'scenario/handshake':
            return sendJson(response, 200, await handle.sendHandshake(storeRefSchema.parse(body)));
          case 'scenario/replay': {
            const ref = storeRefSchema.parse(body);
            if (isChannelStore(requireStore(ref.storeId))) return sendJson(response, 200, await handle.replayWebhook(ref));
            return requireStore(ref.storeId).platform === 'shopify'
              ? sendJson(response, 200, await handle.replayShopifyDelivery(ref))
              : sendJson(response, 200, { tmcMessageId: handle.replayTmcMessage(ref) });
          }
          case 'scenario/product':
            return sendJson(response, 200, await handle.sendProductWebhook(productWebhookSchema.parse(body)));
          case 'scenario/jd-comment':
            return sendJson(response, 200, handle.postJdComment(jdCommentSchema.parse(body)));
          case 'tokens': {
            const command = tokenCommandSchema.parse(body);
            if (command.action === 'expire') oauth.expireAccessTokens(command.storeId);
            if (command.action === 'revoke') oauth.revokeRefreshTokens(command.storeId);
            if (command.action === 'lifetimes') oauth.setLifetimes(command.storeId, { accessSeconds: command.accessSeconds ?? null, refreshSeconds: command.refreshSeconds ?? null });
            return sendJson(response, 200, { ok: true, refreshes: oauth.refreshCount(command.storeId) });
          }
          case 'scenario/weibo-comment':
            return sendJson(response, 200, handle.postWeiboComment(weiboCommentSchema.parse(body)));
          case 'scenario/malformed':
            return sendJson(response, 200, { tmcMessageId: handle.pushMalformedTmcFrame(malformedSchema.parse(body)) });
        }
      }
      sendJson(response, 404, { error: `no control route ${method} /__emulator/${path}` });
    } catch (error) {
      if (error instanceof z.ZodError) return sendJson(response, 400, { error: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      if (error instanceof EmulatorInputError || error instanceof SyntaxError) return sendJson(response, 400, { error: error.message });
      throw error;
    }
  }

  let rateTimer: ReturnType<typeof setInterval> | null = null;
  if (options.rate > 0) {
    rateTimer = setInterval(() => {
      if (stores.size === 0) return;
      handle.generate(1).catch(() => undefined);
    }, Math.max(1, Math.round(60_000 / options.rate)));
  }

  return handle;
}

export class EmulatorInputError extends Error {}

type ChannelStore = Extract<EmulatedStore, { platform: ChannelPlatform }>;

function isChannelStore(store: EmulatedStore): store is ChannelStore {
  return (CHANNEL_PLATFORMS as readonly string[]).includes(store.platform);
}

/** Taobao and Tmall share one open platform (TMC + TOP): the same emulation serves both. */
function isTopStore(store: EmulatedStore): store is TaobaoEmulatedStore {
  return store.platform === 'taobao' || store.platform === 'tmall';
}

/** The picture kind of a feed product: its category by SKU in any catalogue, else what the store sells, else none known. */
function feedPictureKind(store: EmulatedStore, sku: string): ProductImageKind {
  const known = [...catalogueFor('en', PRODUCT_CATEGORIES), ...catalogueFor('zh', PRODUCT_CATEGORIES)].find((p) => p.sku === sku);
  return known?.category ?? store.categories?.[0] ?? 'other';
}

/** Which story a store gets from traffic.ts: Tmall shops get Taobao's (same buyers, tids, topics). */
function trafficPlatform(store: TaobaoEmulatedStore | ShopifyEmulatedStore): 'taobao' | 'shopify' {
  return store.platform === 'shopify' ? 'shopify' : 'taobao';
}

const generateSchema = z.object({ count: z.number().int().min(1).max(10_000) });
const storeRefSchema = z.object({ storeId: z.string().min(1) });
const buyerMessageSchema = z.object({
  storeId: z.string().min(1),
  text: z.string().min(1).max(20_000).optional(),
  buyerNick: z.string().min(1).max(128).optional(),
  tid: z.string().regex(/^\d+$/).optional(),
});
const orderSchema = z.object({
  storeId: z.string().min(1),
  note: z.string().max(5_000).nullable().optional(),
  buyerNick: z.string().min(1).max(128).optional(),
  productSku: z.string().min(1).optional(),
  quantity: z.number().int().min(1).max(99).optional(),
});
const orderStepSchema = z.object({
  storeId: z.string().min(1),
  // Digits, Pinduoduo's yyMMdd-<15 digits> or Xiaohongshu's P<18 digits> order numbers.
  orderId: z.string().regex(/^P?\d+(-\d+)?$/),
  step: z.enum(ORDER_STEPS).exclude(['create']),
  /** Who ships it (step 'ship'); else chosen from the order id. */
  carrier: z.enum(EMULATED_CARRIERS).optional(),
});
const reviewSchema = z.object({
  storeId: z.string().min(1),
  orderId: z.string().regex(/^\d+$/),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).optional(),
  text: z.string().min(1).max(5_000).optional(),
  images: z.number().int().min(0).max(9).optional(),
});
const jdCommentSchema = z.object({
  storeId: z.string().min(1),
  orderId: z.string().regex(/^\d+$/).optional(),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).optional(),
  text: z.string().min(1).max(5_000).optional(),
  images: z.number().int().min(0).max(9).optional(),
});
const weiboCommentSchema = z.object({
  storeId: z.string().min(1),
  text: z.string().min(1).max(2_000).optional(),
  buyerNick: z.string().min(1).max(128).optional(),
  postId: z.string().regex(/^\d+$/).optional(),
});
const tokenCommandSchema = z.object({
  storeId: z.string().min(1),
  action: z.enum(['expire', 'revoke', 'lifetimes']),
  accessSeconds: z.number().int().min(1).nullable().optional(),
  refreshSeconds: z.number().int().min(1).nullable().optional(),
});
const malformedSchema = z.object({ storeId: z.string().min(1), kind: z.enum(['not-json', 'bad-content']) });

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
