import { Box, Button, Group, Loader, Paper, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClock } from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../db';
import { MessageCardView } from './MessageCardView';

interface MessageBubbleProps {
  message: TimelineMessage;
  onRetry: (mutationId: string) => void;
  onDiscard: (mutationId: string) => void;
}

function DeliveryIcon({ delivery }: { delivery: TimelineMessage['delivery'] }) {
  if (delivery === 'queued') return <IconClock size={12} />;
  if (delivery === 'sending' || delivery === 'pending') return <Loader size={10} />;
  if (delivery === 'failed') return <IconAlertTriangle size={12} color="var(--mantine-color-red-6)" />;
  return <IconCheck size={12} />;
}

/** One message. The body is rendered as text (never HTML), direction-aware for RTL scripts. */
export const MessageBubble = memo(function MessageBubble({ message, onRetry, onDiscard }: MessageBubbleProps) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(
    new Date(message.sentAt),
  );
  const common = {
    'data-testid': 'message',
    'data-direction': message.direction,
    'data-delivery': message.delivery,
    'data-message-id': message.id,
  };

  if (message.direction === 'note' || message.direction === 'system') {
    return (
      <Group justify="center" {...common}>
        <Paper px="sm" py={6} radius="md" maw="80%" bg={message.direction === 'note' ? 'var(--mantine-color-yellow-light)' : 'transparent'}>
          <Text size="xs" c="dimmed" ta="center">
            {message.direction === 'note' ? t('message.note') : t('message.system')} · {time}
          </Text>
          <Text data-testid="message-body" size="sm" ta="center" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {message.body}
          </Text>
        </Paper>
      </Group>
    );
  }

  const outbound = message.direction === 'out';
  return (
    <Group justify={outbound ? 'flex-end' : 'flex-start'} {...common}>
      <Box maw="72%">
        <Paper
          px="md"
          py={8}
          radius="lg"
          withBorder={!outbound}
          bg={outbound ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default)'}
          style={{
            borderBottomRightRadius: outbound ? 4 : undefined,
            borderBottomLeftRadius: outbound ? undefined : 4,
            outline: message.delivery === 'failed' ? '1px solid var(--mantine-color-red-5)' : undefined,
          }}
        >
          {message.card ? (
            <MessageCardView card={message.card} />
          ) : (
            <Text data-testid="message-body" size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {message.body}
            </Text>
          )}
        </Paper>
        <Group gap={6} mt={3} justify={outbound ? 'flex-end' : 'flex-start'} wrap="wrap">
          <Text size="xs" c="dimmed">
            {time}
          </Text>
          {outbound && (
            <Tooltip label={message.failureReason ?? t(`message.delivery.${message.delivery}`)} disabled={!message.failureReason} withArrow>
              <Group gap={3} wrap="nowrap" maw="100%" c={message.delivery === 'failed' ? 'red.7' : 'dimmed'} data-testid="message-delivery">
                <DeliveryIcon delivery={message.delivery} />
                <Text size="xs" truncate="end">
                  {message.delivery === 'failed' && message.failureReason
                    ? t('message.failedReason', { reason: message.failureReason })
                    : t(`message.delivery.${message.delivery}`)}
                </Text>
              </Group>
            </Tooltip>
          )}
        </Group>
        {message.delivery === 'failed' && message.mutationId && (
          <Group gap={6} mt={4} justify="flex-end">
            <Button size="compact-xs" variant="light" data-testid="message-retry" onClick={() => onRetry(message.mutationId!)}>
              {t('message.retry')}
            </Button>
            <Button size="compact-xs" variant="subtle" color="gray" data-testid="message-discard" onClick={() => onDiscard(message.mutationId!)}>
              {t('message.discard')}
            </Button>
          </Group>
        )}
      </Box>
    </Group>
  );
});
