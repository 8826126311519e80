import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '../../db';
import classes from './InboxRow.module.css';
import { PlatformBadge } from './PlatformBadge';
import { shortTime, waitingDuration } from './time';

export const STATUS_COLOR = { open: 'blue', pending: 'yellow', snoozed: 'violet', resolved: 'gray' } as const;
export const PRIORITY_COLOR = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' } as const;

interface InboxRowProps {
  item: InboxItem;
  now: number;
  highlighted: boolean;
  open: boolean;
  /** In a status tab every row has that status; the badge only helps in "all". */
  showStatus: boolean;
  onOpen: (id: string) => void;
}

export const InboxRow = memo(function InboxRow({ item, now, highlighted, open, showStatus, onOpen }: InboxRowProps) {
  const { t, i18n } = useTranslation();
  const { conversation, store, customer, unread } = item;
  const platform = store?.platform ?? customer?.platform;
  const preview =
    conversation.lastMessageDirection === 'out' ? t('inbox.previewOut', { text: conversation.lastMessagePreview }) : conversation.lastMessagePreview;
  const waiting = conversation.waitingSince !== null && conversation.status !== 'resolved';

  return (
    <UnstyledButton
      className={classes.row}
      data-testid="inbox-row"
      data-conversation-id={conversation.id}
      data-platform={platform ?? 'unknown'}
      data-status={conversation.status}
      data-unread={unread ? 'true' : 'false'}
      data-highlighted={highlighted}
      data-open={open}
      aria-current={open ? 'true' : undefined}
      onClick={() => onOpen(conversation.id)}
    >
      {unread && <span className={classes.unreadDot} aria-label={t('inbox.unread')} />}
      <Group justify="space-between" gap={8} wrap="nowrap">
        <Group gap={6} wrap="nowrap" miw={0}>
          {platform && <PlatformBadge platform={platform} />}
          <Text size="xs" c="dimmed" truncate="end">
            {store?.name ?? t('inbox.unknownStore')}
          </Text>
        </Group>
        {waiting && conversation.waitingSince ? (
          <Text size="xs" c="orange.7" fw={500} style={{ flexShrink: 0 }} data-testid="waiting-time">
            {t('inbox.waiting', { duration: waitingDuration(conversation.waitingSince, now) })}
          </Text>
        ) : (
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {shortTime(conversation.lastMessageAt, now, i18n.language)}
          </Text>
        )}
      </Group>
      <Group justify="space-between" gap={8} wrap="nowrap">
        <Text size="sm" fw={unread ? 700 : 500} truncate="end" dir="auto">
          {customer?.nickname || t('inbox.unknownCustomer')}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          {(conversation.priority === 'high' || conversation.priority === 'urgent') && (
            <Badge size="xs" variant="light" color={PRIORITY_COLOR[conversation.priority]} style={{ textTransform: 'none' }} data-testid="row-priority">
              {t(`priority.${conversation.priority}`)}
            </Badge>
          )}
          {showStatus && (
            <Badge size="xs" variant="dot" color={STATUS_COLOR[conversation.status]} style={{ textTransform: 'none' }}>
              {t(`status.${conversation.status}`)}
            </Badge>
          )}
        </Group>
      </Group>
      <Text size="xs" c={unread ? undefined : 'dimmed'} fw={unread ? 500 : 400} truncate="end" dir="auto">
        {preview}
      </Text>
    </UnstyledButton>
  );
});
