import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Xiaohongshu's two signatures (lower-case hex MD5 both).
 *
 * PUSH (应用消息推送, open.xiaohongshu.com "应用消息推送指南"; mirrored at
 * xiaohongshu.apifox.cn/doc-2810938): each POST carries the headers `app-key`, `timestamp`
 * and `sign`, where sign = md5( <push URL path> + "?" + the URL's query parameters plus
 * `app-key` and `timestamp`, sorted by name, joined as k=v with "&" + app_secret ).
 * The public guide is thin; this is how the public clients check it: the Python SDK
 * `xiaohongshu` (Comm._sign / _check_sign) and the PHP SDK `ledc/xiaohongshu`
 * (XhsNotifySubject: path + query + header timestamp/app-key). NOTE: the body is NOT
 * covered by this signature (the platform signs only path, key and time); Huixin checks
 * what is documented and no more.
 *
 * API (签名算法, open.xiaohongshu.com/document/developer/file/39; apifox doc-2810932):
 * sign = md5( method + "?appId=" + appKey + "&timestamp=" + ts + "&version=" + version + app_secret ).
 */

export function xiaohongshuPushSign(path: string, params: Readonly<Record<string, string>>, appSecret: string): string {
  const query = Object.keys(params)
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHash('md5').update(`${path}?${query}${appSecret}`, 'utf8').digest('hex');
}

const HEX32 = /^[0-9a-f]{32}$/;

export function isValidXiaohongshuPush(
  appKey: string,
  appSecret: string,
  path: string,
  headers: Readonly<Record<string, string | undefined>>,
  query: Readonly<Record<string, string | undefined>>,
): boolean {
  const key = headers['app-key'];
  const timestamp = headers.timestamp;
  const sign = headers.sign?.toLowerCase();
  if (key === undefined || timestamp === undefined || sign === undefined || !HEX32.test(sign)) return false;
  // The key is not secret; comparing it first just says "not for this app" early.
  if (key !== appKey) return false;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params[name] = value;
  params['app-key'] = key;
  params.timestamp = timestamp;
  return timingSafeEqual(Buffer.from(sign, 'utf8'), Buffer.from(xiaohongshuPushSign(path, params, appSecret), 'utf8'));
}

export function xiaohongshuApiSign(method: string, appKey: string, timestamp: string, version: string, appSecret: string): string {
  return createHash('md5').update(`${method}?appId=${appKey}&timestamp=${timestamp}&version=${version}${appSecret}`, 'utf8').digest('hex');
}
