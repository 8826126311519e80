import { z } from 'zod';
import { platformIdSchema } from '../json';

/**
 * The TMC wire frames, all in this one file.
 *
 * Taobao's message service (TMC) is a WebSocket the app connects OUT to (production
 * ws://mc.api.taobao.com/, group "default"), authenticated by app_key + group_name +
 * timestamp + sign (see sign.ts). Each message has `topic`, `id`, `pub_time`, `user_nick`
 * and `content` — the topic's fields as a JSON STRING — and must be confirmed by id, or
 * TMC redelivers it. The official SDKs speak a binary framing over that socket; Huixin and
 * its emulator use the same fields as JSON text frames:
 *
 *   server → client  {"type":"message","id":"…","topic":"…","pub_time":"yyyy-MM-dd HH:mm:ss","user_nick":"…","content":"{…}"}
 *   client → server  {"type":"confirm","id":"…"}
 *
 * Connect parameters travel in the query string of the WebSocket URL.
 */

export const tmcMessageFrameSchema = z.object({
  type: z.literal('message'),
  id: platformIdSchema,
  topic: z.string().min(1).max(200),
  pub_time: z.string().min(1).max(40),
  user_nick: z.string().max(128),
  /** The topic's own fields, JSON-encoded once more. */
  content: z.string().max(1_000_000),
});
export type TmcMessageFrame = z.infer<typeof tmcMessageFrameSchema>;

export const tmcConfirmFrameSchema = z.object({
  type: z.literal('confirm'),
  id: z.string().min(1).max(128),
});
export type TmcConfirmFrame = z.infer<typeof tmcConfirmFrameSchema>;

export const TMC_DEFAULT_GROUP = 'default';

export interface TmcConnectParams {
  app_key: string;
  group_name: string;
  timestamp: string;
  sign: string;
}

export const tmcConnectParamsSchema = z.object({
  app_key: z.string().min(1),
  group_name: z.string().min(1),
  timestamp: z.string().regex(/^\d{10,16}$/, 'milliseconds since the epoch'),
  sign: z.string().regex(/^[0-9A-F]{32}$/, 'upper-case MD5 hex'),
});
