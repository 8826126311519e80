import { createHash } from 'node:crypto';
import type { EventCustomer, IgnoredEvent, InboundEvent } from '../../../shared';
import { describeZodError } from '../json';
import { positionDataSchema, pushEnvelopeSchema, pushTimeSchema, type WeiboComment } from './payloads';

/**
 * Weibo → normalised events, all in this one file.
 *
 * Sources (public, open.weibo.com/wiki):
 * - 粉丝服务平台 接入指南 (Messages_api_start) and 消息推送服务: GET verification with
 *   signature/timestamp/nonce/echostr, then POST pushes of JSON `{ type, receiver_id, sender_id,
 *   created_at, text, data }`; "需要对接收到的消息体type或subtype做兼容,当出现未知类型时可忽略此消息".
 * - 接收事件推送 / Receive_Event_Push: Weibo waits 5 s, retries three times, and advises deduping
 *   retries by sender_id + created_at; an empty answer is accepted and not retried.
 * - Send_Customer_Service_Message (m.api.weibo.com/2/messages/reply.json): replies to a fan who
 *   wrote within 48 h (send.ts).
 * - 2/comments/to_me, 2/comments/show, 2/comments/reply: comments received, comments of a post,
 *   reply to a comment (poller.ts, send.ts).
 *
 * Mapping:
 * - push type text → `message.received` kind chat, one thread per fan (sender uid). image and
 *   voice → the same, with a placeholder body ([图片 image] / [语音 voice]: their media ids need a
 *   download API Huixin does not call); position → "[位置 location] lat,lng".
 * - event (follow, subscribe, menu clicks, scans), mention (被@, needs a separate grant) and any
 *   unknown type → ignored.
 * - a push for another receiver_id than the store's uid → ignored.
 * - a comment (comments/to_me) on a post BY the brand → `message.received` kind comment,
 *   platformThreadId = the post id (one thread per fan and post), subject = the post's text.
 *   Comments on other accounts' posts (replies to the brand's own comments) and the brand's
 *   own comments → ignored.
 *
 * Dedupe: Weibo's pushes carry NO message id (not public, not in the payload). Huixin follows
 * Weibo's advice (sender_id + created_at) and adds a hash of the text, because created_at has
 * one-second resolution and a fan may send two messages within a second:
 * `weibo:dm:<sender>:<created_at epoch s>:<sha256(type+text) 16 hex>`. Comments carry their own id:
 * `weibo:comment:<idstr>`.
 *
 * Not public: a push for comments on posts (Weibo's comment push is part of its commercial data
 * service, not open to apps), so comments are polled; fans' nicknames are not in DM pushes
 * (the name shown is "微博用户 <last 4 digits of uid>" until a comment tells us the screen name).
 */

export const WEIBO_CHAT_TYPES = ['text', 'image', 'voice', 'position'] as const;

export type WeiboPushMapping = { ok: true; events: InboundEvent[]; ignored: IgnoredEvent[] } | { ok: false; error: string };

export function mapWeiboPush(value: unknown, brandUid: string): WeiboPushMapping {
  const parsed = pushEnvelopeSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: `Weibo push: ${describeZodError(parsed.error)}` };
  const push = parsed.data;
  const sentAt = pushTimeSchema.safeParse(push.created_at);
  if (!sentAt.success) return { ok: false, error: `Weibo push: created_at: ${describeZodError(sentAt.error)}` };
  const epoch = Math.floor(Date.parse(sentAt.data) / 1000);
  const digest = createHash('sha256').update(`${push.type}\u0000${push.text}`, 'utf8').digest('hex').slice(0, 16);
  const dedupeKey = `weibo:dm:${push.sender_id}:${epoch}:${digest}`;
  const ignore = (platformType: string, reason: string): WeiboPushMapping => ({ ok: true, events: [], ignored: [{ dedupeKey, platformType, reason }] });

  if (push.receiver_id !== brandUid) return ignore(push.type, `push for another account (receiver ${push.receiver_id})`);
  let body: string;
  switch (push.type) {
    case 'text':
      if (push.text.trim() === '') return { ok: false, error: 'Weibo text message: text is empty' };
      body = push.text;
      break;
    case 'image':
      body = '[图片 image]';
      break;
    case 'voice':
      body = '[语音 voice]';
      break;
    case 'position': {
      const position = positionDataSchema.safeParse(push.data);
      if (!position.success) return { ok: false, error: `Weibo position message: data: ${describeZodError(position.error)}` };
      body = `[位置 location] ${position.data.latitude},${position.data.longitude}`;
      break;
    }
    case 'event':
      return ignore(`event:${subtypeOf(push.data)}`, 'event not used by Huixin');
    default:
      return ignore(push.type, 'message type not used by Huixin');
  }
  return {
    ok: true,
    ignored: [],
    events: [
      {
        type: 'message.received',
        dedupeKey,
        customer: fanCustomer(push.sender_id),
        kind: 'chat',
        platformThreadId: null,
        subject: null,
        platformMessageId: dedupeKey.slice('weibo:dm:'.length),
        body: body.slice(0, 20_000),
        sentAt: sentAt.data,
      },
    ],
  };
}

function subtypeOf(data: unknown): string {
  if (typeof data === 'object' && data !== null && 'subtype' in data && typeof data.subtype === 'string') return data.subtype.slice(0, 64);
  return 'unknown';
}

export function fanCustomer(uid: string, screenName?: string): EventCustomer {
  return { platformUserId: uid, nickname: screenName && screenName.trim() !== '' ? screenName : `微博用户 ${uid.slice(-4)}`, locale: null, email: null };
}

export type WeiboCommentMapping = { kind: 'event'; event: InboundEvent } | { kind: 'ignored'; ignored: IgnoredEvent };

export function mapWeiboComment(comment: WeiboComment, brandUid: string): WeiboCommentMapping {
  const dedupeKey = `weibo:comment:${comment.idstr}`;
  if (comment.user.idstr === brandUid) return { kind: 'ignored', ignored: { dedupeKey, platformType: 'comment', reason: 'the brand’s own comment' } };
  if (comment.status.user?.idstr !== brandUid) {
    return { kind: 'ignored', ignored: { dedupeKey, platformType: 'comment', reason: 'comment on another account’s post' } };
  }
  const postText = comment.status.text.trim();
  return {
    kind: 'event',
    event: {
      type: 'message.received',
      dedupeKey,
      customer: fanCustomer(comment.user.idstr, comment.user.screen_name),
      kind: 'comment',
      platformThreadId: comment.status.idstr,
      subject: postText === '' ? `微博 ${comment.status.idstr}` : postText.slice(0, 120),
      platformMessageId: comment.idstr,
      body: comment.text.slice(0, 20_000),
      sentAt: comment.created_at,
    },
  };
}

/** Comment ids grow with time; compared as exact integers (they may pass 2^53). */
export function laterCommentId(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}
