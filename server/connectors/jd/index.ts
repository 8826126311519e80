import type { Connector, SendResult } from '../types';
import { jdCredentialsSchema } from './credentials';
import type { JdCredentials } from './credentials';
import { subscribeJdPolling } from './poller';

/**
 * JD.com POP stores: order changes read from JOS (jingdong.pop.order.enSearch) by polling,
 * because JD's push (JMQ) reaches only apps inside JD's cloud; see poller.ts. Nothing goes
 * out: JD's buyer chat (咚咚) and review replies have no public API for apps outside JD's
 * cloud, so the capabilities say so and a reply that reaches `sendReply` is refused.
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
    reviewsIn: false,
    reviewReply: false,
    commentThreads: false,
  },
  credentialsSchema: jdCredentialsSchema,
  messageService: {
    subscribe: (store, sink, log) => subscribeJdPolling(store, sink, log),
  },
  sendReply: async () => NO_SEND_API,
};

export { jdCredentialsSchema } from './credentials';
export type { JdCredentials } from './credentials';
export { JD_ORDER_STATES } from './mapping';
export { josSign } from './sign';
export { subscribeJdPolling } from './poller';
