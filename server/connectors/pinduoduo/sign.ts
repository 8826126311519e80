import { createHash } from 'node:crypto';

/**
 * Pinduoduo's two signatures.
 *
 * PMC connect: the WebSocket URL is `<pmcUrl>/<client_id>/<timestamp ms>/<sign>` with
 * sign = base64 of the lower-case hex MD5 of client_id + timestamp + client_secret (the
 * open platform's 消息服务 guide; the same in public PMC clients, e.g. the Rust crate
 * "pdd" and github.com/bububa/openpdd's endpoint constant).
 *
 * API gateway: sign = upper-case hex MD5 of client_secret + every parameter as name+value,
 * sorted by name, + client_secret (open.pinduoduo.com 签名规则; the same scheme as TOP).
 */

export function pmcSign(clientId: string, timestampMs: string, clientSecret: string): string {
  const hex = createHash('md5').update(`${clientId}${timestampMs}${clientSecret}`, 'utf8').digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

export function pmcConnectUrl(pmcUrl: string, clientId: string, clientSecret: string, now: Date = new Date()): string {
  const timestamp = String(now.getTime());
  const base = pmcUrl.replace(/\/+$/, '');
  return `${base}/${encodeURIComponent(clientId)}/${timestamp}/${encodeURIComponent(pmcSign(clientId, timestamp, clientSecret))}`;
}

export function pddApiSign(params: Readonly<Record<string, string>>, clientSecret: string): string {
  const joined = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== undefined && params[name] !== '')
    .sort()
    .map((name) => `${name}${params[name]}`)
    .join('');
  return createHash('md5').update(`${clientSecret}${joined}${clientSecret}`, 'utf8').digest('hex').toUpperCase();
}
