import { z } from 'zod';

/**
 * Every storefront or social channel Huixin knows by name. A store is one shop account
 * on one of these. Connectors exist for a subset (see server/connectors/README.md);
 * the rest are listed so that data and UI never need a schema change to add one.
 */
export const PLATFORMS = [
  'taobao',
  'tmall',
  'jd',
  'pinduoduo',
  'douyin',
  'xiaohongshu',
  'wechat',
  'weibo',
  'shopify',
  'woocommerce',
] as const;

export const platformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof platformSchema>;

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'HKD', 'JPY'] as const;
export const currencySchema = z.enum(CURRENCIES);
export type Currency = z.infer<typeof currencySchema>;
