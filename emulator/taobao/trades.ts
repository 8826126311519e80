import { numericProductId } from '../catalog';
import { beijingTime } from '../timeFormats';
import type { EmulatedOrder, EmulatedOrderStatus } from '../traffic';

/**
 * `taobao.trade.fullinfo.get` (public TOP API, 获取单笔交易的详细信息) as the emulated
 * gateway answers it from its own orders: `{ trade: { tid, status, payment, created,
 * modified, orders: { order: [ { oid, title, num, price, num_iid, outer_sku_id, … } ] } } }`.
 * Only the fields asked for are returned, as TOP does: trade fields by name, sub-order
 * fields as `orders.<name>` (`orders` alone asks for all of them). Ids are JSON numbers;
 * num_iid is the catalogue's stable numeric item id (the same one reviews carry).
 */

const TRADE_STATUS: Record<EmulatedOrderStatus, string> = {
  created: 'WAIT_BUYER_PAY',
  paid: 'WAIT_SELLER_SEND_GOODS',
  shipped: 'WAIT_BUYER_CONFIRM_GOODS',
  completed: 'TRADE_FINISHED',
  cancelled: 'TRADE_CLOSED_BY_TAOBAO',
  refunded: 'TRADE_CLOSED',
};

export function tradeFullinfoAnswer(order: EmulatedOrder, requestedFields: string, now: Date): { trade: Record<string, unknown> } {
  const asked = new Set(requestedFields.split(',').map((field) => field.trim()));
  const placed = beijingTime(order.placedAt ?? now);
  const trade: Record<string, unknown> = {
    tid: BigInt(order.id),
    status: TRADE_STATUS[order.status],
    payment: order.total,
    total_fee: order.total,
    created: placed,
    modified: beijingTime(now),
    buyer_nick: order.buyer.kind === 'taobao' ? order.buyer.nick : order.buyer.email,
  };
  const picked: Record<string, unknown> = Object.fromEntries(Object.entries(trade).filter(([field]) => asked.has(field)));
  const allLines = asked.has('orders');
  const lineFields = new Set([...asked].filter((field) => field.startsWith('orders.')).map((field) => field.slice('orders.'.length)));
  if (allLines || lineFields.size > 0) {
    picked.orders = {
      order: order.lines.map((line) => {
        const full: Record<string, unknown> = {
          oid: BigInt(line.lineId),
          title: line.product.title,
          num: line.quantity,
          price: line.product.price,
          num_iid: BigInt(numericProductId(line.product.sku)),
          outer_sku_id: line.product.sku,
          status: TRADE_STATUS[order.status],
        };
        return allLines ? full : Object.fromEntries(Object.entries(full).filter(([field]) => lineFields.has(field)));
      }),
    };
  }
  return { trade: picked };
}
