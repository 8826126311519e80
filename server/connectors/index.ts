import type { Platform } from '../../shared';
import { douyinConnector } from './douyin';
import { jdConnector } from './jd';
import { pinduoduoConnector } from './pinduoduo';
import { shopifyConnector } from './shopify';
import { taobaoConnector } from './taobao';
import { tmallConnector } from './tmall';
import type { Connector } from './types';
import { wechatConnector } from './wechat';
import { weiboConnector } from './weibo';
import { woocommerceConnector } from './woocommerce';
import { xiaohongshuConnector } from './xiaohongshu';

/**
 * The registry of connectors by platform. A platform without an entry has no connector
 * yet: stores on it can be created but receive nothing. See README.md here for the recipe.
 * Each connector re-parses `store.credentials` with its own schema, so passing the stored
 * JSON through `Connector<unknown>` is safe.
 */
export const connectors: Partial<Record<Platform, Connector<unknown>>> = {
  shopify: shopifyConnector as Connector<unknown>,
  taobao: taobaoConnector as Connector<unknown>,
  tmall: tmallConnector as Connector<unknown>,
  woocommerce: woocommerceConnector as Connector<unknown>,
  wechat: wechatConnector as Connector<unknown>,
  douyin: douyinConnector as Connector<unknown>,
  pinduoduo: pinduoduoConnector as Connector<unknown>,
  jd: jdConnector as Connector<unknown>,
  xiaohongshu: xiaohongshuConnector as Connector<unknown>,
  weibo: weiboConnector as Connector<unknown>,
};

export function connectorFor(platform: Platform): Connector<unknown> | undefined {
  return connectors[platform];
}
