import type { ConnectorStore, ReplyTarget, SendResult } from '../types';
import { callWeChat } from './api';
import { wechatCredentialsSchema } from './credentials';
import type { WeChatCredentials } from './credentials';

/**
 * Replies go out through the customer-service message API, POST /cgi-bin/message/custom/send
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html):
 * `{ touser: <open id>, msgtype: "text", text: { content } }`. WeChat allows it within 48 hours
 * of the follower's last message (45015 otherwise, permanent). The API takes no idempotency
 * key and WeChat offers no way to read sent messages back, so a call that went out unanswered
 * (timeout) comes back `mayHaveApplied` and the dispatcher fails it for the agent to decide
 * rather than risk a second copy; -1, HTTP 5xx and an unreachable API are retried.
 *
 * Order threads of the WeChat Store are refused: its buyers are answered in the shop's own
 * customer service (微信小店客服), for which WeChat publishes no send API.
 */
export async function sendWeChatReply(store: ConnectorStore<WeChatCredentials>, target: ReplyTarget, signal: AbortSignal): Promise<SendResult> {
  const credentials = wechatCredentialsSchema.safeParse(store.credentials);
  if (!credentials.success) return { ok: false, permanent: true, reason: 'store has invalid WeChat credentials' };
  if (target.conversationKind !== 'chat') {
    return { ok: false, permanent: true, reason: 'WeChat Store buyers are answered in the shop’s own customer service; WeChat has no public API to message them' };
  }
  const result = await callWeChat(
    credentials.data,
    '/cgi-bin/message/custom/send',
    { touser: target.customerPlatformUserId, msgtype: 'text', text: { content: target.body } },
    signal,
  );
  if (!result.ok) return result;
  return { ok: true, platformMessageId: null };
}
