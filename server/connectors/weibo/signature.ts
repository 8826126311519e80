import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Weibo's push signature (粉丝服务平台 接入指南, open.weibo.com/wiki/Messages_api_start and
 * 消息推送服务): sort [app secret, timestamp, nonce] lexicographically, join, SHA-1, hex. It comes
 * in the URL query (`signature`, `timestamp`, `nonce`) of the GET verification and of every
 * POST push ("后续每次微博事件推送时也都会带上signature、timestamp、nonce三个参数").
 * The documented example: secret xyz123xyz, timestamp 1397022061823, nonce 57155157 →
 * 90e4c22c90a58f26526c2dd5b6c56c8822edeaa1 (checked in weibo.test.ts).
 */
export function weiboSignature(appSecret: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([appSecret, timestamp, nonce].sort().join(''), 'utf8').digest('hex');
}

const HEX40 = /^[0-9a-f]{40}$/;

export function isValidWeiboSignature(appSecret: string, query: Readonly<Record<string, string | undefined>>): boolean {
  const { signature, timestamp, nonce } = query;
  if (signature === undefined || timestamp === undefined || nonce === undefined) return false;
  if (!HEX40.test(signature) || timestamp.length > 20 || nonce.length > 64) return false;
  return timingSafeEqual(Buffer.from(signature, 'utf8'), Buffer.from(weiboSignature(appSecret, timestamp, nonce), 'utf8'));
}
