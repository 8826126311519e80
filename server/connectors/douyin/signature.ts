import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Doudian's two signatures.
 *
 * PUSH (消息推送): each POST carries `app-id` (the app key) and `event-sign` =
 * lower-case hex MD5 of app_key + the raw request body + app_secret. Public sources: the
 * Doudian message-push guide (op.jinritemai.com/docs/guide-docs/153 "消息推送", thin and
 * behind a login in parts) and the open-source SDK github.com/minibear2021/doudian
 * (`callback`: checks app-id, then md5(app_key + body + app_secret) == event-sign).
 *
 * API (open API v2): sign = hex HMAC-SHA256, keyed with app_secret, of
 * app_secret + "app_key" + key + "method" + method + "param_json" + param_json +
 * "timestamp" + timestamp + "v" + v + app_secret, where param_json is the business
 * parameters as compact JSON with keys sorted (same SDK, `_sign`; sign_method hmac-sha256).
 */

export function douyinEventSign(appKey: string, rawBody: Buffer, appSecret: string): string {
  return createHash('md5').update(appKey, 'utf8').update(rawBody).update(appSecret, 'utf8').digest('hex');
}

const HEX32 = /^[0-9a-f]{32}$/;

export function isValidDouyinPush(appKey: string, appSecret: string, headers: Readonly<Record<string, string | undefined>>, rawBody: Buffer): boolean {
  const appId = headers['app-id'];
  const sign = headers['event-sign']?.toLowerCase();
  if (appId === undefined || sign === undefined || !HEX32.test(sign)) return false;
  // The app id is not secret; comparing it first just says "not for this app" early.
  if (appId !== appKey) return false;
  return timingSafeEqual(Buffer.from(sign, 'utf8'), Buffer.from(douyinEventSign(appKey, rawBody, appSecret), 'utf8'));
}

export function douyinApiSign(appKey: string, appSecret: string, method: string, paramJson: string, timestamp: string, v = '2'): string {
  const pattern = `${appSecret}app_key${appKey}method${method}param_json${paramJson}timestamp${timestamp}v${v}${appSecret}`;
  return createHmac('sha256', appSecret).update(pattern, 'utf8').digest('hex');
}

/** param_json: compact JSON with object keys sorted at every level, as the signature needs it. */
export function sortedParamJson(params: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(sortKeys(params));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}
