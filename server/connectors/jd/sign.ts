import { createHash } from 'node:crypto';

/**
 * JOS request signing (jos.jd.com, "签名算法"): sign = upper-case hex MD5 of app_secret +
 * every system and business parameter as name+value, sorted by name, + app_secret. The
 * business parameters travel as one JSON string, `360buy_param_json`. Times are GMT+8
 * "yyyy-MM-dd HH:mm:ss".
 */
export function josSign(params: Readonly<Record<string, string>>, appSecret: string): string {
  const joined = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== '')
    .sort()
    .map((name) => `${name}${params[name]}`)
    .join('');
  return createHash('md5').update(`${appSecret}${joined}${appSecret}`, 'utf8').digest('hex').toUpperCase();
}

export function josTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function josTimeToIso(time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(time)) return null;
  return `${time.replace(' ', 'T')}+08:00`;
}
