import { ActionIcon, Badge, Box, Button, Center, CopyButton, Divider, Group, Paper, ScrollArea, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { IconCheck, IconCopy, IconLinkOff, IconSend, IconShoppingBag, IconTruckDelivery } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { canReply, capabilitiesOf, carrierName, orderCard, type Conversation, type Order, type OrderItem } from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { loadCustomerPanel, sendCard, sendOrderLineCard, unlinkCustomer, type CustomerOrder, type CustomerThread, type SessionRow } from '../../db';
import { loadCustomerReviews, type CustomerReview } from '../../db';
import { Stars } from '../conversation/ReviewCard';
import { useLiveQuery } from '../../db/hooks';
import { STATUS_COLOR } from '../inbox/InboxRow';
import { PlatformBadge } from '../inbox/PlatformBadge';
import { BuyerDataActions } from '../security/BuyerDataActions';
import { LinkCustomerPicker } from './LinkCustomerPicker';
import { formatMoney } from './money';

interface CustomerPanelProps {
  conversationId: string;
  session: SessionRow;
  onOpenConversation: (id: string) => void;
}

export const ORDER_STATUS_COLOR: Record<Order['status'], string> = {
  created: 'gray',
  paid: 'blue',
  shipped: 'teal',
  completed: 'green',
  refund_requested: 'orange',
  refunded: 'red',
  cancelled: 'gray',
};

/** The buyer beside the chat: identities across stores, orders, other threads and reviews. */
export function CustomerPanel({ conversationId, session, onOpenConversation }: CustomerPanelProps) {
  const { t } = useTranslation();
  const conversation = useLiveQuery(() => cacheDb.conversations.get(conversationId), [conversationId]);
  const data = useLiveQuery(
    async () => (conversation ? loadCustomerPanel(cacheDb, conversation.customerId, conversation.id) : null),
    [conversation?.customerId, conversation?.id],
  );
  // The buyer's reviews as records (rating, product, date), across linked identities.
  const reviewIds = data ? [data.customer.id, ...data.linked.map((identity) => identity.customer.id)].join(',') : '';
  const reviewRecords = useLiveQuery(
    async () => (reviewIds === '' ? [] : (await loadCustomerReviews(cacheDb, reviewIds.split(','))).filter((item) => item.review.conversationId !== conversationId)),
    [reviewIds, conversationId],
  );
  if (data === undefined) return null;
  if (data === null || !conversation) {
    return (
      <Center h="100%" p="md">
        <Text size="sm" c="dimmed">
          {t('customer.unknown')}
        </Text>
      </Center>
    );
  }
  const { customer, store } = data;
  const mayLink = session.user.role === 'lead' || session.user.role === 'owner';
  const act = (work: Promise<unknown>) => void work.then(() => syncClient.outboxChanged());

  return (
    <ScrollArea h="100%" type="auto" data-testid="customer-panel" data-customer-id={customer.id}>
      <Stack gap="md" p="md">
        <Stack gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('customer.title')}
          </Text>
          <Title order={5} dir="auto" lineClamp={2} data-testid="customer-name">
            {customer.erasedAt ? t('customer.erased') : customer.nickname || t('inbox.unknownCustomer')}
          </Title>
          <Group gap={6} wrap="nowrap" miw={0}>
            <PlatformBadge platform={customer.platform} />
            <Text size="xs" c="dimmed" truncate="end">
              {store?.name ?? t('inbox.unknownStore')}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" truncate="end" title={customer.platformUserId}>
            {t('customer.platformId', { id: customer.platformUserId })}
          </Text>
        </Stack>

        <Section title={t('customer.identities')} count={data.linked.length} testId="customer-identities">
          {data.linked.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('customer.noLinked')}
            </Text>
          )}
          {data.linked.map(({ customer: other, store: otherStore }) => (
            <Group key={other.id} gap={6} wrap="nowrap" justify="space-between" data-testid="linked-identity" data-customer-id={other.id}>
              <Group gap={6} wrap="nowrap" miw={0}>
                <PlatformBadge platform={other.platform} />
                <Text size="sm" truncate="end" dir="auto">
                  {other.nickname || t('inbox.unknownCustomer')}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {otherStore?.name}
                </Text>
              </Group>
              {mayLink && (
                <Tooltip label={t('customer.unlink')} withArrow>
                  <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('customer.unlink')} onClick={() => act(unlinkCustomer(durableDb, other.id))} data-testid="customer-unlink">
                    <IconLinkOff size={14} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
          {mayLink && <LinkCustomerPicker customer={customer} />}
        </Section>

        <Section title={t('customer.orders')} count={data.orders.length} testId="customer-orders">
          {data.orders.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('customer.noOrders')}
            </Text>
          )}
          {data.orders.map((item) => (
            <OrderCard
              key={item.order.id}
              item={item}
              conversation={conversation}
              onSend={(order) => act(sendCard(durableDb, conversation.id, orderCard(order)))}
              onSendLine={(order, line) => act(sendOrderLineCard(durableDb, conversation.id, order, line))}
            />
          ))}
        </Section>

        <Section title={t('customer.conversations')} count={data.conversations.length} testId="customer-conversations">
          {data.conversations.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('customer.noConversations')}
            </Text>
          )}
          {data.conversations.map((thread) => (
            <ThreadRow key={thread.conversation.id} thread={thread} onOpen={onOpenConversation} />
          ))}
        </Section>

        <Section title={t('customer.reviews')} count={(reviewRecords?.length ?? 0) + threadsWithoutRecord(data.reviews, reviewRecords).length} testId="customer-reviews">
          {(reviewRecords?.length ?? 0) + threadsWithoutRecord(data.reviews, reviewRecords).length === 0 && (
            <Text size="xs" c="dimmed">
              {t(conversation.kind === 'review' ? 'customer.noOtherReviews' : 'customer.noReviews')}
            </Text>
          )}
          {reviewRecords?.map((item) => <ReviewRow key={item.review.id} item={item} onOpen={onOpenConversation} />)}
          {/* Review threads from before review records (no record cached): shown as threads. */}
          {threadsWithoutRecord(data.reviews, reviewRecords).map((thread) => (
            <ThreadRow key={thread.conversation.id} thread={thread} onOpen={onOpenConversation} />
          ))}
        </Section>

        <BuyerDataActions key={customer.id} customer={customer} session={session} />
      </Stack>
    </ScrollArea>
  );
}

function Section({ title, count, testId, children }: { title: string; count: number; testId: string; children: ReactNode }) {
  return (
    <Stack gap={6} data-testid={testId} data-count={count}>
      <Divider
        label={
          <Group gap={6}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              {title}
            </Text>
            {count > 0 && (
              <Badge size="xs" variant="light" color="gray">
                {count}
              </Badge>
            )}
          </Group>
        }
        labelPosition="left"
      />
      {children}
    </Stack>
  );
}

interface OrderCardProps {
  item: CustomerOrder;
  conversation: Conversation;
  onSend: (order: Order) => void;
  /** Sends one line of the order as a product card. */
  onSendLine: (order: Order, line: OrderItem) => void;
}

function OrderCard({ item, conversation, onSend, onSendLine }: OrderCardProps) {
  const { t, i18n } = useTranslation();
  const { order, store } = item;
  const platform = store?.platform;
  // A card goes into this chat only for an order of this store, where the thread takes replies.
  const sendable = platform !== undefined && order.storeId === conversation.storeId && canReply(platform, conversation.kind);
  const native = platform !== undefined && capabilitiesOf(platform).cards;
  const date = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(order.createdAt));

  return (
    <Paper withBorder radius="md" p="xs" data-testid="customer-order" data-order-id={order.platformOrderId} data-status={order.status}>
      <Group justify="space-between" gap={6} wrap="nowrap">
        <Group gap={6} wrap="nowrap" miw={0}>
          {platform && <PlatformBadge platform={platform} />}
          <Text size="xs" ff="monospace" truncate="end" title={order.platformOrderId}>
            #{order.platformOrderId}
          </Text>
        </Group>
        <Badge size="xs" variant="light" color={ORDER_STATUS_COLOR[order.status]} style={{ textTransform: 'none', flexShrink: 0 }}>
          {t(`orderStatus.${order.status}`)}
        </Badge>
      </Group>
      <Stack gap={2} mt={6}>
        {order.items.map((line, index) => (
          <Group key={index} gap={6} justify="space-between" wrap="nowrap">
            <Text size="xs" truncate="end" dir="auto" title={line.title}>
              {line.title}
              {line.sku && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  · {line.sku}
                </Text>
              )}
            </Text>
            <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
              <Text size="xs" c="dimmed">
                {line.quantity} × {formatMoney(line.unitPrice, order.currency, i18n.language)}
              </Text>
              {sendable && line.title.trim() !== '' && (
                <Tooltip label={t('customer.sendProductCard')} withArrow>
                  <ActionIcon size="xs" variant="subtle" aria-label={t('customer.sendProductCard')} onClick={() => onSendLine(order, line)} data-testid="send-line-card">
                    <IconShoppingBag size={12} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          </Group>
        ))}
      </Stack>
      {order.logistics && (
        <Group gap={6} mt={6} wrap="nowrap" data-testid="order-logistics">
          <IconTruckDelivery size={14} style={{ flexShrink: 0 }} />
          {/* The carrier stands out and a dot parts it from the number: "SF Express · SF6782…" reads as two things. */}
          <Text size="xs" fw={500} truncate="end" dir="auto" style={{ flexShrink: 0, maxWidth: '45%' }} data-testid="order-carrier">
            {carrierName(order.logistics.company, i18n.language)}
          </Text>
          <Text size="xs" c="dimmed" aria-hidden style={{ flexShrink: 0 }}>
            ·
          </Text>
          <Text size="xs" ff="monospace" truncate="end" title={t('customer.trackingNumber')} data-testid="order-tracking-number">
            {order.logistics.trackingNumber}
          </Text>
          <CopyButton value={order.logistics.trackingNumber}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('customer.trackingCopied') : t('customer.copyTrackingNumber')} withArrow>
                <ActionIcon size="xs" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('customer.copyTrackingNumber')} data-testid="order-tracking-copy">
                  {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      )}
      <Group justify="space-between" mt={6} gap={6} wrap="nowrap">
        <Text size="xs" c="dimmed">
          {date} · {store?.name ?? t('inbox.unknownStore')}
        </Text>
        <Text size="sm" fw={600} data-testid="order-total">
          {formatMoney(order.totalAmount, order.currency, i18n.language)}
        </Text>
      </Group>
      {sendable && (
        <Tooltip label={native ? t('customer.sendCardNative') : t('customer.sendCardText')} withArrow multiline w={220}>
          <Button size="compact-xs" variant="light" mt={6} leftSection={<IconSend size={12} />} onClick={() => onSend(order)} data-testid="send-order-card">
            {t('customer.sendCard')}
          </Button>
        </Tooltip>
      )}
    </Paper>
  );
}

function threadsWithoutRecord(threads: readonly CustomerThread[], records: readonly CustomerReview[] | undefined): CustomerThread[] {
  const recorded = new Set((records ?? []).map((item) => item.review.conversationId));
  return threads.filter((thread) => !recorded.has(thread.conversation.id));
}

function ReviewRow({ item, onOpen }: { item: CustomerReview; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const { review, store } = item;
  const date = new Intl.DateTimeFormat(i18n.language, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(review.createdAt));
  return (
    <UnstyledButton
      onClick={() => onOpen(review.conversationId)}
      aria-label={t('customer.reviewOpen')}
      data-testid="customer-review"
      data-conversation-id={review.conversationId}
      data-rating={review.rating}
    >
      <Box px={6} py={4} style={{ borderRadius: 6, border: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap" miw={0}>
            {store && <PlatformBadge platform={store.platform} />}
            <Stars rating={review.rating} size={12} />
          </Group>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {date}
          </Text>
        </Group>
        <Text size="xs" mt={2} lineClamp={1} dir="auto" title={review.productTitle}>
          {review.productTitle || review.body}
        </Text>
      </Box>
    </UnstyledButton>
  );
}

function ThreadRow({ thread, onOpen }: { thread: CustomerThread; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const { conversation, store } = thread;
  const date = new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric' }).format(new Date(conversation.lastMessageAt));
  return (
    <UnstyledButton onClick={() => onOpen(conversation.id)} data-testid="customer-thread" data-conversation-id={conversation.id}>
      <Box px={6} py={4} style={{ borderRadius: 6, border: '1px solid var(--mantine-color-default-border)' }}>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Group gap={4} wrap="nowrap" miw={0}>
            {store && <PlatformBadge platform={store.platform} />}
            <Badge size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
              {t(`kind.${conversation.kind}`)}
            </Badge>
            <Badge size="xs" variant="dot" color={STATUS_COLOR[conversation.status]} style={{ textTransform: 'none' }}>
              {t(`status.${conversation.status}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {date}
          </Text>
        </Group>
        <Text size="xs" mt={2} lineClamp={2} dir="auto">
          {conversation.subject ? `${conversation.subject} · ` : ''}
          {conversation.lastMessagePreview}
        </Text>
      </Box>
    </UnstyledButton>
  );
}
