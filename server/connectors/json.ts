import { isSafeNumber, parse } from 'lossless-json';
import { z } from 'zod';

/**
 * Platform JSON carries integer ids larger than 2^53 (Shopify order ids such as
 * 820982911946154508, Taobao trade ids `tid`). `JSON.parse` would silently round them, so
 * connectors parse platform JSON here: numbers that a JS number can hold exactly become
 * numbers, every other number keeps its exact source digits as a string.
 */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJsonLosslessly(text: string): JsonParseResult {
  try {
    const value = parse(text, null, (digits: string) => (isSafeNumber(digits) ? Number(digits) : digits));
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: `malformed JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * A platform id as it arrives after `parseJsonLosslessly`: a safe integer (number), an
 * unsafe one (string of digits) or an id that is a string anyway. Always yields a string.
 */
export const platformIdSchema = z
  .union([z.string().min(1).max(128), z.number().int().nonnegative()])
  .transform((value) => String(value));

/** Short, readable summary of a zod error for a 400 answer or a log line. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
