import { taobaoConnector } from '../taobao';
import type { TaobaoCredentials } from '../taobao';
import type { Connector } from '../types';

/**
 * Tmall (天猫): a Tmall shop lives on the same open platform as Taobao — the same TOP app
 * key/secret, the same TMC message service and topics (a Tmall order is a Taobao trade of
 * type "tmall": taobao_trade_*, taobao_refund_*, taobao_trade_TradeRated), the same TOP
 * gateway and signing. So this is the Taobao connector under the platform name `tmall`;
 * only the store's credentials differ. Everything Taobao-specific (the Huixin-defined chat
 * topic and send method, review lookup with taobao.traderates.get) applies unchanged; see
 * server/connectors/taobao/ and the capability table in server/connectors/README.md.
 */
export const tmallConnector: Connector<TaobaoCredentials> = {
  ...taobaoConnector,
  platform: 'tmall',
};
