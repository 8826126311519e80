import { z } from 'zod';

/**
 * The PMC wire frames (Pinduoduo message service), all in this one file. JSON text frames:
 *
 *   server → client  {"id":<long>,"commandType":"Common","time":<ms>,"sendTime":<ms>,
 *                     "message":{"type":"pdd_trade_TradeConfirmed","mallID":<n>,"content":"{…}"}}
 *   client → server  {"commandType":"Ack","time":<ms>,"id":<id>,"sendTime":<sendTime>,"type":"<type>","mallID":<n>}
 *   both ways        {"commandType":"HeartBeat","time":<ms>}
 *   server → client  {"commandType":"Fail", …} when something the client sent was refused
 *
 * A Common message not acknowledged is pushed again. `content` is the topic's fields as a
 * JSON string. Source: the open platform's 消息服务 (PMC) guide and public PMC clients
 * (see sign.ts); the public description is thin, so the frame shapes live only here.
 */

/** PMC ids are integers (often beyond 2^53): exact digits, written back unquoted in the ack. */
const digitsSchema = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String);

export const pmcCommonFrameSchema = z.object({
  id: digitsSchema,
  commandType: z.literal('Common'),
  time: z.number().int().nonnegative(),
  sendTime: z.number().int().nonnegative(),
  message: z.object({
    type: z.string().min(1).max(200),
    mallID: digitsSchema,
    content: z.string().max(1_000_000),
  }),
});
export type PmcCommonFrame = z.infer<typeof pmcCommonFrameSchema>;

/** The acknowledgement, echoing the message's id, sendTime, type and mallID. Ids stay exact. */
export function pmcAckFrame(frame: PmcCommonFrame, now: Date = new Date()): string {
  return `{"commandType":"Ack","time":${now.getTime()},"id":${frame.id},"sendTime":${frame.sendTime},"type":${JSON.stringify(frame.message.type)},"mallID":${frame.message.mallID}}`;
}

export function pmcHeartbeatFrame(now: Date = new Date()): string {
  return JSON.stringify({ commandType: 'HeartBeat', time: now.getTime() });
}
