import type { Connector, SendResult } from '../types';
import { pinduoduoCredentialsSchema } from './credentials';
import type { PinduoduoCredentials } from './credentials';
import { subscribePmc } from './pmcClient';
import { pinduoduoTokens } from './tokens';

/**
 * Pinduoduo (拼多多): order and after-sale messages through the message service PMC (Huixin
 * connects out, acknowledges by id), each completed with pdd.order.information.get. Nothing
 * goes out: Pinduoduo's merchant customer-service chat and reviews have no public API for
 * ISV apps, so the capabilities say so and a reply that reaches `sendReply` is refused.
 */
const NO_SEND_API: SendResult = {
  ok: false,
  permanent: true,
  reason: 'Pinduoduo has no public API for messaging buyers; answer in the Pinduoduo merchant app (拼多多商家版)',
};

export const pinduoduoConnector: Connector<PinduoduoCredentials> = {
  platform: 'pinduoduo',
  capabilities: {
    chatIn: false,
    chatOut: false,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: false,
    reviewReply: false,
    commentThreads: false,
  },
  credentialsSchema: pinduoduoCredentialsSchema,
  tokens: pinduoduoTokens,
  messageService: {
    subscribe: (store, sink, log) => subscribePmc(store, sink, log),
  },
  sendReply: async () => NO_SEND_API,
};

export { pinduoduoCredentialsSchema } from './credentials';
export type { PinduoduoCredentials } from './credentials';
export { PINDUODUO_TOPICS } from './mapping';
export { pddApiSign, pmcConnectUrl, pmcSign } from './sign';
export { subscribePmc } from './pmcClient';
