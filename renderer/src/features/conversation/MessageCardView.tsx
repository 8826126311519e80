import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconPackage, IconShoppingBag } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ORDER_STATUSES, type MessageCard } from '../../../../shared';
import { formatMoney } from '../customer/money';
import { ProductThumb } from '../products/ProductThumb';

/** An order or product card inside a message bubble (the body holds its text form). */
export function MessageCardView({ card }: { card: MessageCard }) {
  const { t, i18n } = useTranslation();
  if (card.type === 'order') {
    const status = ORDER_STATUSES.find((s) => s === card.status);
    return (
      <Stack gap={4} miw={220} data-testid="message-card" data-card-type="order" data-order-id={card.platformOrderId}>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <IconPackage size={16} />
            <Text size="xs" fw={600}>
              {t('card.order')}
            </Text>
          </Group>
          <Badge size="xs" variant="light" style={{ textTransform: 'none' }}>
            {status ? t(`orderStatus.${status}`) : card.status}
          </Badge>
        </Group>
        <Text size="xs" ff="monospace" c="dimmed">
          #{card.platformOrderId}
        </Text>
        <Text size="sm" dir="auto" lineClamp={2}>
          {card.title}
        </Text>
        <Group justify="space-between" gap={6}>
          <Text size="xs" c="dimmed">
            {/* Order events from message services may carry no line items. */}
            {card.itemCount > 0 ? t('card.items', { count: card.itemCount }) : ''}
          </Text>
          <Text size="sm" fw={600}>
            {formatMoney(card.totalAmount, card.currency, i18n.language)}
          </Text>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap={4} miw={220} data-testid="message-card" data-card-type="product" data-product-id={card.platformProductId}>
      <Group gap={6} wrap="nowrap">
        <IconShoppingBag size={16} />
        <Text size="xs" fw={600}>
          {t('card.product')}
        </Text>
      </Group>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ProductThumb src={card.imageUrl} size={56} />
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          <Text size="sm" dir="auto" lineClamp={2} data-testid="card-title">
            {card.title}
          </Text>
          <Group justify="space-between" gap={6}>
            <Text size="xs" c="dimmed" ff="monospace">
              {card.sku ? t('card.sku', { sku: card.sku }) : ''}
            </Text>
            <Text size="sm" fw={600}>
              {formatMoney(card.price, card.currency, i18n.language)}
            </Text>
          </Group>
        </Stack>
      </Group>
    </Stack>
  );
}
