import { createHash, randomBytes } from 'node:crypto';
import type { ChannelScenario } from '../channelTraffic';
import type { NativeRequest } from '../webhookDelivery';
import { msgSignature, sealForWeChatServer } from './encryption';

/**
 * Renders scenarios as WeChat pushes to the server URL, plaintext mode, XML: a follower's
 * text message (接收普通消息) or a WeChat Store order / after-sale callback (channels_ec_*),
 * signed in the query with signature = sha1(sorted [token, timestamp, nonce]), plus `openid`.
 * With an EncodingAESKey the push is encrypted (safe mode: only ToUserName and Encrypt in
 * the clear; compatible mode: both), and the query adds encrypt_type=aes and msg_signature.
 */

export interface WeChatEmulatedCredentials {
  appId: string;
  appSecret: string;
  token: string;
  /** The account's original id (gh_…), the ToUserName of every push. */
  originalId: string;
  encodingAESKey?: string | undefined;
  messageMode?: 'plaintext' | 'compatible' | 'safe' | undefined;
}

export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

const cdata = (value: string): string => `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function wechatRequestsFor(scenario: ChannelScenario, credentials: WeChatEmulatedCredentials, now: Date): NativeRequest[] {
  const createTime = String(Math.floor(now.getTime() / 1000));
  if (scenario.kind === 'buyer-message') {
    const xml =
      `<xml><ToUserName>${cdata(credentials.originalId)}</ToUserName><FromUserName>${cdata(scenario.buyer.id)}</FromUserName>` +
      `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(scenario.text)}</Content>` +
      `<MsgId>${scenario.messageId}</MsgId></xml>`;
    return [signedPush(scenario.storeId, 'text', xml, credentials, scenario.buyer.id, createTime)];
  }
  const { order, step } = scenario;
  const head = `<xml><ToUserName>${cdata(credentials.originalId)}</ToUserName><FromUserName>${cdata(order.buyer.id)}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType>`;
  if (step === 'refund') {
    const xml = `${head}<Event>${cdata('channels_ec_aftersale_update')}</Event><finder_shop_aftersale_status_update><status>${cdata('USER_WAIT_MERCHANT_CONFIRM')}</status><after_sale_order_id>${scenario.afterSaleId ?? ''}</after_sale_order_id></finder_shop_aftersale_status_update></xml>`;
    return [signedPush(scenario.storeId, 'channels_ec_aftersale_update', xml, credentials, order.buyer.id, createTime)];
  }
  const event = { create: 'channels_ec_order_new', pay: 'channels_ec_order_pay', ship: 'channels_ec_order_deliver', complete: 'channels_ec_order_confirm', cancel: 'channels_ec_order_cancel' }[step];
  const xml = `${head}<Event>${cdata(event)}</Event><order_info><order_id>${order.id}</order_id></order_info></xml>`;
  return [signedPush(scenario.storeId, event, xml, credentials, order.buyer.id, createTime)];
}

export function signedPush(storeId: string, label: string, xml: string, credentials: WeChatEmulatedCredentials, openId: string, timestamp: string): NativeRequest {
  const nonce = String(randomBytes(4).readUInt32BE(0));
  const query: Record<string, string> = { signature: wechatSignature(credentials.token, timestamp, nonce), timestamp, nonce, openid: openId };
  const mode = credentials.messageMode ?? (credentials.encodingAESKey === undefined ? 'plaintext' : 'safe');
  let body = xml;
  if (mode !== 'plaintext') {
    if (credentials.encodingAESKey === undefined) throw new Error(`WeChat ${mode} mode needs an EncodingAESKey`);
    const encrypted = sealForWeChatServer(xml, credentials.encodingAESKey, credentials.appId);
    const envelope = `<Encrypt>${cdata(encrypted)}</Encrypt>`;
    body = mode === 'safe' ? `<xml><ToUserName>${cdata(credentials.originalId)}</ToUserName>${envelope}</xml>` : xml.replace(/<\/xml>$/, `${envelope}</xml>`);
    Object.assign(query, { encrypt_type: 'aes', msg_signature: msgSignature(credentials.token, timestamp, nonce, encrypted) });
  }
  return { storeId, platform: 'wechat', label, method: 'POST', query, headers: { 'content-type': 'text/xml' }, body };
}

/** The GET handshake WeChat makes when the server URL is saved. */
export function wechatHandshake(storeId: string, token: string, now: Date): NativeRequest {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE(0));
  return {
    storeId,
    platform: 'wechat',
    label: 'handshake',
    method: 'GET',
    query: { signature: wechatSignature(token, timestamp, nonce), timestamp, nonce, echostr: randomBytes(8).toString('hex') },
    headers: {},
    body: '',
  };
}
