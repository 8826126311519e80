import type { Currency, Platform, Role } from '../../shared';

/**
 * The demo world: who logs in and which stores exist. The server seeds it (HUIXIN_DEMO=1),
 * and scripts/ and e2e/ import the same values to configure the storefront emulator, so
 * both sides agree on store ids, secrets and emulator paths. Plain data only: this file
 * must stay importable from anywhere without side effects.
 */

export interface DemoUser {
  id: string;
  name: string;
  displayName: string;
  role: Role;
  password: string;
  /** Store ids an agent may see (leads and owners see all). */
  stores: string[];
}

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_STORE_IDS = {
  taobaoTea: 'demo-taobao-tea',
  shopifyOutdoor: 'demo-shopify-outdoor',
  woocommerceCeramics: 'demo-woocommerce-ceramics',
  wechatTea: 'demo-wechat-tea',
  tmallSilk: 'demo-tmall-silk',
  douyinSnacks: 'demo-douyin-snacks',
  pinduoduoFruit: 'demo-pinduoduo-fruit',
  jdAppliances: 'demo-jd-appliances',
  xiaohongshuBeauty: 'demo-xiaohongshu-beauty',
  weiboBrand: 'demo-weibo-brand',
} as const;

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'demo-user-xiaomei', name: 'xiaomei', displayName: '小美', role: 'agent', password: DEMO_PASSWORD, stores: [DEMO_STORE_IDS.taobaoTea, DEMO_STORE_IDS.shopifyOutdoor, DEMO_STORE_IDS.wechatTea, DEMO_STORE_IDS.tmallSilk, DEMO_STORE_IDS.douyinSnacks, DEMO_STORE_IDS.pinduoduoFruit, DEMO_STORE_IDS.jdAppliances, DEMO_STORE_IDS.xiaohongshuBeauty, DEMO_STORE_IDS.weiboBrand] },
  { id: 'demo-user-alex', name: 'alex', displayName: 'Alex', role: 'agent', password: DEMO_PASSWORD, stores: [DEMO_STORE_IDS.shopifyOutdoor, DEMO_STORE_IDS.woocommerceCeramics] },
  { id: 'demo-user-lead', name: 'lead', displayName: 'Team Lead', role: 'lead', password: DEMO_PASSWORD, stores: [] },
  { id: 'demo-user-owner', name: 'owner', displayName: 'Store Owner', role: 'owner', password: DEMO_PASSWORD, stores: [] },
];

/** Where the emulator serves each platform's endpoints, relative to its base URL. */
export const DEMO_EMULATOR_PATHS = {
  taobaoTmc: '/tmc',
  taobaoApi: '/router/rest',
  /** Followed by `/<storeId>`: the emulator plays one mail relay per Shopify store. */
  shopifyMailRelay: '/mail-relay',
  /** Followed by `/<storeId>`: WooCommerce buyers are answered by e-mail too. */
  woocommerceMailRelay: '/woocommerce/mail-relay',
  /** Pinduoduo's message service (PMC) and API gateway. */
  pinduoduoPmc: '/message',
  pinduoduoApi: '/api/router',
  /** JD's JOS gateway (orders are polled from it). */
  jdApi: '/routerjson',
  /** Xiaohongshu's open API (one endpoint for every method). */
  xiaohongshuApi: '/ark/open_api/v3/common_controller',
  /** Followed by `/<category>/<name>.svg`: the emulator's generated product pictures (emulator/productImages.ts). */
  productImages: '/product-images',
} as const;

/**
 * What a demo shop sells, in the emulator's product categories (emulator/catalog.ts
 * PRODUCT_CATEGORIES; scripts/demo-stack.ts hands these stores to the emulator, so a name
 * it does not know fails the typecheck). Its buyers order, ask about and review only these.
 */
export type DemoProductCategory = 'tea' | 'outdoor' | 'cosmetics' | 'silk' | 'snacks' | 'fruit' | 'appliances' | 'ceramics' | 'bags';

export interface DemoTaobaoCredentials {
  appKey: string;
  appSecret: string;
  sellerNick: string;
  tmcUrl: string;
  apiUrl: string;
}
export interface DemoShopifyCredentials {
  shopDomain: string;
  webhookSecret: string;
  mailRelayUrl: string;
  mailRelayToken: string;
}

export interface DemoWooCommerceCredentials {
  webhookSecret: string;
  siteUrl: string;
  mailRelayUrl: string;
  mailRelayToken: string;
}
/** The emulator serves WeChat's API (/cgi-bin/…, /channels/ec/…) at its base URL. */
export interface DemoWeChatCredentials {
  appId: string;
  appSecret: string;
  token: string;
  apiUrl: string;
  encodingAESKey: string;
}
/** The emulator serves Doudian's open API (/token/create, /order/orderDetail) at its base URL. */
export interface DemoDouyinCredentials {
  appKey: string;
  appSecret: string;
  shopId: string;
  apiUrl: string;
}

export interface DemoPinduoduoCredentials {
  clientId: string;
  clientSecret: string;
  mallId: string;
  accessToken: string;
  /** Huixin renews the access token with it (the emulator's pdd.pop.auth.token.refresh). */
  refreshToken: string;
  pmcUrl: string;
  apiUrl: string;
}

export interface DemoJdCredentials {
  appKey: string;
  appSecret: string;
  venderId: string;
  accessToken: string;
  refreshToken: string;
  apiUrl: string;
  /** JD's OAuth server (refresh), played by the emulator at its base URL. */
  oauthUrl: string;
  pollSeconds: number;
}

export interface DemoXiaohongshuCredentials {
  appKey: string;
  appSecret: string;
  sellerId: string;
  accessToken: string;
  refreshToken: string;
  apiUrl: string;
}

export interface DemoWeiboCredentials {
  appKey: string;
  appSecret: string;
  uid: string;
  accessToken: string;
  /** The emulator serves both Weibo API hosts (api.weibo.com, m.api.weibo.com) at its base URL. */
  apiUrl: string;
  messageApiUrl: string;
  pollSeconds: number;
}

export type DemoStore = DemoStoreAccount & { categories: DemoProductCategory[] };

type DemoStoreAccount =
  | { id: string; platform: Extract<Platform, 'taobao'>; name: string; currency: Currency; credentials: DemoTaobaoCredentials }
  /** Tmall shops sit on Taobao's open platform: same TMC, TOP gateway and credential names. */
  | { id: string; platform: Extract<Platform, 'tmall'>; name: string; currency: Currency; credentials: DemoTaobaoCredentials }
  | { id: string; platform: Extract<Platform, 'shopify'>; name: string; currency: Currency; credentials: DemoShopifyCredentials }
  | { id: string; platform: Extract<Platform, 'woocommerce'>; name: string; currency: Currency; credentials: DemoWooCommerceCredentials }
  | { id: string; platform: Extract<Platform, 'wechat'>; name: string; currency: Currency; credentials: DemoWeChatCredentials }
  | { id: string; platform: Extract<Platform, 'douyin'>; name: string; currency: Currency; credentials: DemoDouyinCredentials }
  | { id: string; platform: Extract<Platform, 'pinduoduo'>; name: string; currency: Currency; credentials: DemoPinduoduoCredentials }
  | { id: string; platform: Extract<Platform, 'jd'>; name: string; currency: Currency; credentials: DemoJdCredentials }
  | { id: string; platform: Extract<Platform, 'xiaohongshu'>; name: string; currency: Currency; credentials: DemoXiaohongshuCredentials }
  | { id: string; platform: Extract<Platform, 'weibo'>; name: string; currency: Currency; credentials: DemoWeiboCredentials };

/** The demo stores with credentials that point at an emulator running at `emulatorUrl`. */
export function demoStores(emulatorUrl: string): DemoStore[] {
  const base = emulatorUrl.replace(/\/+$/, '');
  const wsBase = base.replace(/^http(s?):/, 'ws$1:');
  return [
    {
      id: DEMO_STORE_IDS.taobaoTea,
      platform: 'taobao',
      name: '茗香茶舍 Tea House',
      currency: 'CNY',
      // Tea, and the teaware a tea house sells beside it.
      categories: ['tea', 'ceramics'],
      credentials: {
        appKey: '12345678',
        appSecret: 'demo-taobao-app-secret',
        sellerNick: '茗香茶舍旗舰店',
        tmcUrl: `${wsBase}${DEMO_EMULATOR_PATHS.taobaoTmc}`,
        apiUrl: `${base}${DEMO_EMULATOR_PATHS.taobaoApi}`,
      },
    },
    {
      id: DEMO_STORE_IDS.shopifyOutdoor,
      platform: 'shopify',
      name: 'Trailhead Outdoor Co.',
      currency: 'USD',
      categories: ['outdoor'],
      credentials: {
        shopDomain: 'trailhead-outdoor.myshopify.com',
        webhookSecret: 'demo-shopify-webhook-secret',
        mailRelayUrl: `${base}${DEMO_EMULATOR_PATHS.shopifyMailRelay}/${DEMO_STORE_IDS.shopifyOutdoor}`,
        mailRelayToken: 'demo-mail-relay-token',
      },
    },
    {
      id: DEMO_STORE_IDS.woocommerceCeramics,
      platform: 'woocommerce',
      name: 'Kiln & Clay Ceramics',
      currency: 'USD',
      categories: ['ceramics'],
      credentials: {
        webhookSecret: 'demo-woocommerce-webhook-secret',
        siteUrl: 'https://kiln-and-clay.example',
        mailRelayUrl: `${base}${DEMO_EMULATOR_PATHS.woocommerceMailRelay}/${DEMO_STORE_IDS.woocommerceCeramics}`,
        mailRelayToken: 'demo-woocommerce-relay-token',
      },
    },
    {
      id: DEMO_STORE_IDS.wechatTea,
      platform: 'wechat',
      name: '茗香茶舍 微信小店',
      currency: 'CNY',
      categories: ['tea'],
      // Safe mode (encrypted pushes), as WeChat recommends for Official Accounts.
      credentials: { appId: 'wxd0e1f2a3b4c5d6e7', appSecret: 'demo-wechat-app-secret', token: 'demoWeChatToken', apiUrl: base, encodingAESKey: 'HuixinDemoWeChatEncodingAesKey0123456789abc' },
    },
    {
      id: DEMO_STORE_IDS.tmallSilk,
      platform: 'tmall',
      name: '云锦丝语 天猫旗舰店',
      currency: 'CNY',
      categories: ['silk'],
      // Its own app key: TMC and the TOP gateway tell stores apart by app key (one store per key).
      credentials: {
        appKey: '23456789',
        appSecret: 'demo-tmall-app-secret',
        sellerNick: '云锦丝语旗舰店',
        tmcUrl: `${wsBase}${DEMO_EMULATOR_PATHS.taobaoTmc}`,
        apiUrl: `${base}${DEMO_EMULATOR_PATHS.taobaoApi}`,
      },
    },
    {
      id: DEMO_STORE_IDS.douyinSnacks,
      platform: 'douyin',
      name: '蜀香零食铺 抖音小店',
      currency: 'CNY',
      categories: ['snacks'],
      credentials: { appKey: '7012345678901234567', appSecret: 'demo-douyin-app-secret', shopId: '4463798', apiUrl: base },
    },
    {
      id: DEMO_STORE_IDS.pinduoduoFruit,
      platform: 'pinduoduo',
      name: '果园直发 拼多多店',
      currency: 'CNY',
      categories: ['fruit'],
      credentials: {
        clientId: 'demo0pdd1client2id3',
        clientSecret: 'demo-pinduoduo-client-secret',
        mallId: '918273',
        accessToken: 'demo-pinduoduo-access-token',
        refreshToken: 'demo-pinduoduo-refresh-token',
        pmcUrl: `${wsBase}${DEMO_EMULATOR_PATHS.pinduoduoPmc}`,
        apiUrl: `${base}${DEMO_EMULATOR_PATHS.pinduoduoApi}`,
      },
    },
    {
      id: DEMO_STORE_IDS.jdAppliances,
      platform: 'jd',
      name: '小厨电器 京东旗舰店',
      currency: 'CNY',
      categories: ['appliances'],
      credentials: {
        appKey: 'DEMOJDAPPKEY0001',
        appSecret: 'demo-jd-app-secret',
        venderId: '10086',
        accessToken: 'demo-jd-access-token',
        refreshToken: 'demo-jd-refresh-token',
        apiUrl: `${base}${DEMO_EMULATOR_PATHS.jdApi}`,
        oauthUrl: base,
        // Production default is 60 s; the demo polls often so new orders show up quickly.
        pollSeconds: 2,
      },
    },
    {
      id: DEMO_STORE_IDS.xiaohongshuBeauty,
      platform: 'xiaohongshu',
      name: '花漾美妆 小红书店',
      currency: 'CNY',
      categories: ['cosmetics'],
      credentials: {
        appKey: 'demo0xhs1app2key3',
        appSecret: 'demo-xiaohongshu-app-secret',
        sellerId: '5f1e2d3c4b5a69788796a5b4',
        accessToken: 'demo-xiaohongshu-access-token',
        refreshToken: 'demo-xiaohongshu-refresh-token',
        apiUrl: `${base}${DEMO_EMULATOR_PATHS.xiaohongshuApi}`,
      },
    },
    {
      id: DEMO_STORE_IDS.weiboBrand,
      platform: 'weibo',
      name: '茗香茶舍 官方微博',
      currency: 'CNY',
      // The tea house's brand account: nothing is ordered through Weibo, its merchandise is a tote bag.
      categories: ['tea', 'bags'],
      credentials: {
        appKey: '3982116543',
        appSecret: 'demo-weibo-app-secret',
        uid: '5612345678',
        accessToken: 'demo-weibo-access-token',
        apiUrl: base,
        messageApiUrl: base,
        // Production default is 60 s; the demo reads comments often so they show up quickly.
        pollSeconds: 2,
      },
    },
  ];
}
