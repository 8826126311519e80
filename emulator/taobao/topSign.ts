import { createHash } from 'node:crypto';

/**
 * TOP's md5 signature as the platform checks it: MD5(secret + sorted name/value pairs +
 * secret), upper-case hex (TOP's public "API调用方法详解"). Written here again, not imported:
 * the emulator plays the platform and depends on nothing of Huixin's server.
 */
export function topSignature(params: Readonly<Record<string, string>>, secret: string): string {
  const joined = Object.keys(params)
    .filter((key) => key !== 'sign' && params[key] !== '')
    .sort()
    .map((key) => `${key}${params[key]}`)
    .join('');
  return createHash('md5').update(`${secret}${joined}${secret}`, 'utf8').digest('hex').toUpperCase();
}
