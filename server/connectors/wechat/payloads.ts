import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { parseJsonLosslessly } from '../json';

/**
 * WeChat pushes to the server URL in XML (the default) or JSON (when the data format is set
 * to JSON), with the same field names either way
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html,
 * …/Receiving_event_pushes.html; WeChat Store order callbacks:
 * developers.weixin.qq.com/doc/store/shop/notify/ — channels_ec_order_* events with `order_info`).
 * Every value is read as a string: MsgId is a 64-bit integer that a JS number would round.
 */

const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true });

export type BodyParse = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

export function parseWeChatBody(raw: Buffer): BodyParse {
  const text = raw.toString('utf8').trim();
  if (text.startsWith('{')) {
    const json = parseJsonLosslessly(text);
    if (!json.ok) return json;
    if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) return { ok: false, error: 'WeChat JSON body must be an object' };
    return { ok: true, value: stringifyLeaves(json.value) as Record<string, unknown> };
  }
  if (!text.startsWith('<')) return { ok: false, error: 'WeChat body is neither XML nor JSON' };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, error: `malformed XML: ${valid.err.msg} (line ${valid.err.line})` };
  const parsed: unknown = xmlParser.parse(text);
  const root = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).xml : undefined;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return { ok: false, error: 'WeChat XML must have one <xml> root element' };
  return { ok: true, value: root as Record<string, unknown> };
}

/** JSON numbers become their digits, so both formats give the same strings. */
function stringifyLeaves(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(stringifyLeaves);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyLeaves(v)]));
  return value;
}

const digits = z.string().regex(/^\d{1,20}$/, 'digits');

export const envelopeSchema = z.object({
  ToUserName: z.string().min(1).max(128),
  FromUserName: z.string().min(1).max(128),
  CreateTime: digits,
  MsgType: z.string().min(1).max(64),
  Event: z.string().max(128).optional(),
  /** Present only in safe or compatible mode. */
  Encrypt: z.string().optional(),
});

export const textMessageSchema = envelopeSchema.extend({ MsgType: z.literal('text'), Content: z.string().max(20_000), MsgId: digits });
export const imageMessageSchema = envelopeSchema.extend({ MsgType: z.literal('image'), PicUrl: z.string().max(2000), MsgId: digits });
export const voiceMessageSchema = envelopeSchema.extend({ MsgType: z.literal('voice'), Recognition: z.string().max(20_000).optional(), MsgId: digits });

export const orderCallbackSchema = envelopeSchema.extend({
  MsgType: z.literal('event'),
  Event: z.string(),
  order_info: z.object({ order_id: digits }).loose(),
});

export const aftersaleCallbackSchema = envelopeSchema.extend({
  MsgType: z.literal('event'),
  Event: z.literal('channels_ec_aftersale_update'),
  finder_shop_aftersale_status_update: z.object({ status: z.string().max(64), after_sale_order_id: digits, order_id: digits.optional() }).loose(),
});
