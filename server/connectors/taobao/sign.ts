import { createHash } from 'node:crypto';

/**
 * Taobao Open Platform (TOP) request signing, sign_method=md5, as documented publicly in
 * TOP's "API调用方法详解" (mirrored at https://api.1688.com/doc2/detail.htm?articleId=101617):
 * sort all parameters except `sign` by name (ASCII order), concatenate name+value pairs,
 * wrap the string in the app secret on both sides, MD5 it, upper-case hex.
 * The TMC client signs its connect parameters (app_key, group_name, timestamp) the same way
 * (TmcClient.createConnectHeaders in Taobao's public Java SDK, com.taobao.api.internal.tmc).
 */
export function topSign(params: Readonly<Record<string, string>>, secret: string): string {
  const joined = Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}${params[key]}`)
    .join('');
  return createHash('md5').update(`${secret}${joined}${secret}`, 'utf8').digest('hex').toUpperCase();
}

/** TOP's `timestamp` parameter: "yyyy-MM-dd HH:mm:ss" in GMT+8, whatever the machine's zone. */
export function topTimestamp(date: Date): string {
  const beijing = new Date(date.getTime() + 8 * 3600_000);
  return beijing.toISOString().slice(0, 19).replace('T', ' ');
}

const TOP_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** A TOP/TMC time ("2024-05-01 12:00:00", GMT+8) as ISO-8601 with its offset, or null. */
export function topTimeToIso(value: string): string | null {
  const match = TOP_TIME.exec(value.trim());
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}+08:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}
