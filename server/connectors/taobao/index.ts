import type { Connector } from '../types';
import { taobaoCredentialsSchema } from './credentials';
import type { TaobaoCredentials } from './credentials';
import { subscribeTmc } from './tmcClient';
import { sendTaobaoReply } from './topApi';

/**
 * Taobao: everything arrives through the message service TMC (Huixin connects out; no
 * webhook), replies and review answers go out through the TOP REST gateway.
 * Buyer chat in/out uses a Huixin-defined topic and method because Taobao publishes none
 * (see mapping.ts and topApi.ts).
 */
export const taobaoConnector: Connector<TaobaoCredentials> = {
  platform: 'taobao',
  capabilities: {
    chatIn: true,
    chatOut: true,
    orderEvents: true,
    refundEvents: true,
    reviewsIn: true,
    reviewReply: true,
    commentThreads: false,
  },
  credentialsSchema: taobaoCredentialsSchema,
  messageService: {
    subscribe: (store, sink, log) => subscribeTmc(store, sink, log),
  },
  sendReply: sendTaobaoReply,
};

export { taobaoCredentialsSchema } from './credentials';
export type { TaobaoCredentials } from './credentials';
export { topSign, topTimestamp } from './sign';
export { TAOBAO_TOPICS } from './mapping';
export { subscribeTmc } from './tmcClient';
export type { TmcClientOptions } from './tmcClient';
