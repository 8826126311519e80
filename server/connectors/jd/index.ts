import type { Connector, SendResult } from '../types';
import { jdCredentialsSchema } from './credentials';
import type { JdCredentials } from './credentials';
import { subscribeJdPolling } from './poller';
import { subscribeJdCommentPolling } from './commentPoller';
import { sendJdCommentReply } from './commentReply';
import { wasJdCommentAnswered } from './commentReadBack';
import { jdTokens } from './tokens';

/**
 * JD.com POP stores: order changes (jingdong.pop.order.enSearch) and product comments
 * (jingdong.pop.PopCommentJsfService.getVenderCommentsForJos) read from JOS by polling,
 * because JD's push (JMQ) reaches only apps inside JD's cloud; see poller.ts and
 * commentPoller.ts. Review threads are answered with the public comment reply
 * (commentReply.ts); JD's buyer chat (咚咚) has no public API outside JD's cloud, so any
 * other reply that reaches `sendReply` is refused and the capabilities say so.
 */
const NO_SEND_API: SendResult = {
  ok: false,
  permanent: true,
  reason: 'JD has no public API for messaging buyers outside its own cloud (咚咚 chat); answer in the JD merchant workbench',
};

export const jdConnector: Connector<JdCredentials> = {
  platform: 'jd',
  capabilities: {
    chatIn: false,
    chatOut: false,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: true,
    reviewReply: true,
    commentThreads: false,
  },
  credentialsSchema: jdCredentialsSchema,
  tokens: jdTokens,
  messageService: {
    // Orders and comments are two polls on one schedule each; closing closes both.
    subscribe: (store, sink, log) => {
      const polls = [subscribeJdPolling(store, sink, log), subscribeJdCommentPolling(store, sink, log)];
      return { close: async () => void (await Promise.all(polls.map((poll) => poll.close()))) };
    },
  },
  sendReply: async (store, target, signal) => (target.conversationKind === 'review' ? sendJdCommentReply(store, target, signal) : NO_SEND_API),
  // saveReply takes no idempotency key; the comment's replies show whether it was posted.
  deliveryReadBack: { kinds: ['review'], wasDelivered: wasJdCommentAnswered },
};

export { jdCredentialsSchema } from './credentials';
export type { JdCredentials } from './credentials';
export { JD_ORDER_STATES } from './mapping';
export { josSign } from './sign';
export { subscribeJdPolling } from './poller';
export { subscribeJdCommentPolling, JD_COMMENTS_METHOD } from './commentPoller';
export { JD_COMMENT_REPLY_METHOD } from './commentReply';
