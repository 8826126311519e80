import type { MessageCard, Order } from './entities';

/** The card of an order, as an agent sends it into the chat. */
export function orderCard(order: Order): MessageCard {
  const first = order.items[0]?.title ?? '';
  const more = order.items.length > 1 ? ` +${order.items.length - 1}` : '';
  return {
    type: 'order',
    platformOrderId: order.platformOrderId,
    title: `${first}${more}`.slice(0, 500),
    status: order.status,
    totalAmount: order.totalAmount,
    currency: order.currency,
    itemCount: order.items.reduce((sum, item) => sum + item.quantity, 0),
  };
}

/**
 * The text a platform without a card API receives instead of the card. Deliberately
 * language-neutral (ids, amounts, symbols): it goes to the buyer, whose language the
 * agent's UI language says nothing about.
 */
export function cardText(card: MessageCard): string {
  switch (card.type) {
    case 'order':
      return [`📦 #${card.platformOrderId}`, card.title, `${card.currency} ${card.totalAmount} · ${card.status}`]
        .filter((line) => line.trim() !== '')
        .join('\n');
    case 'product':
      return [`🛍 ${card.title}`, card.sku ? `SKU ${card.sku}` : '', `${card.currency} ${card.price}`, card.url ?? '']
        .filter((line) => line.trim() !== '')
        .join('\n');
  }
}
