import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's server signature (接入指南, developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html):
 * sort [token, timestamp, nonce] lexicographically, join, SHA-1, lower-case hex. It comes in
 * the URL query (`signature`, `timestamp`, `nonce`) of the GET handshake and of every POST.
 */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join(''), 'utf8').digest('hex');
}

const HEX40 = /^[0-9a-f]{40}$/;

export function isValidWeChatSignature(token: string, query: Readonly<Record<string, string | undefined>>): boolean {
  const { signature, timestamp, nonce } = query;
  if (signature === undefined || timestamp === undefined || nonce === undefined) return false;
  if (!HEX40.test(signature) || timestamp.length > 20 || nonce.length > 64) return false;
  return timingSafeEqual(Buffer.from(signature, 'utf8'), Buffer.from(wechatSignature(token, timestamp, nonce), 'utf8'));
}
