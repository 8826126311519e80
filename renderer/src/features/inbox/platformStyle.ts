import type { Platform } from '../../../../shared';

/** Each storefront's badge colour, close to the platform's own brand colour. */
export const PLATFORM_COLOR: Record<Platform, string> = {
  taobao: 'orange',
  tmall: 'red',
  jd: 'red',
  pinduoduo: 'pink',
  douyin: 'dark',
  xiaohongshu: 'red',
  wechat: 'green',
  weibo: 'yellow',
  shopify: 'lime',
  woocommerce: 'violet',
};
