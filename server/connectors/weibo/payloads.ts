import { z } from 'zod';
import { platformIdSchema } from '../json';

/**
 * Weibo wire formats (zod). Sources and meaning: mapping.ts.
 */

/** Weibo's time format, e.g. "Mon Jul 16 18:09:20 +0800 2012". */
const WEIBO_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses Weibo's `created_at` into an ISO time; null if it is not in Weibo's format. */
export function parseWeiboTime(text: string): string | null {
  const m = WEIBO_TIME.exec(text);
  if (!m) return null;
  const [, month, day, hh, mm, ss, sign, oh, om, year] = m;
  const monthIndex = MONTHS.indexOf(month ?? '');
  if (monthIndex < 0) return null;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const utc = Date.UTC(Number(year), monthIndex, Number(day), Number(hh), Number(mm), Number(ss)) - offsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const weiboTimeSchema = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const iso = parseWeiboTime(value);
    if (iso === null) {
      ctx.addIssue({ code: 'custom', message: 'not a Weibo time ("Mon Jul 16 18:09:20 +0800 2012")' });
      return z.NEVER;
    }
    return iso;
  });

/** Every push: type, receiver_id (the brand), sender_id (the fan), created_at, text, data. */
export const pushEnvelopeSchema = z
  .object({
    type: z.string().min(1).max(64),
    receiver_id: platformIdSchema,
    sender_id: platformIdSchema,
    created_at: z.string().min(1).max(64),
    text: z.string().max(20_000).default(''),
    data: z.unknown().optional(),
  })
  .loose();

export const pushTimeSchema = weiboTimeSchema;

export const positionDataSchema = z.object({ longitude: z.coerce.number(), latitude: z.coerce.number() }).loose();

/** A comment as comments/to_me.json and comments/show.json return it. */
export const weiboCommentSchema = z
  .object({
    idstr: z.string().regex(/^\d{1,32}$/),
    created_at: weiboTimeSchema,
    text: z.string().max(20_000),
    user: z.object({ idstr: z.string().regex(/^\d{1,20}$/), screen_name: z.string().max(256) }).loose(),
    status: z
      .object({
        idstr: z.string().regex(/^\d{1,32}$/),
        text: z.string().max(20_000).default(''),
        user: z.object({ idstr: z.string().regex(/^\d{1,20}$/) }).loose().optional(),
      })
      .loose(),
  })
  .loose();
export type WeiboComment = z.infer<typeof weiboCommentSchema>;

export const commentListSchema = z.object({ comments: z.array(z.unknown()).max(1000) }).loose();
