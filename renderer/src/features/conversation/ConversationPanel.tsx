import { Badge, Box, Center, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { useEffect, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationStatus } from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { readMarkFlusher } from '../../app/readMarks';
import { syncClient } from '../../app/syncClient';
import {
  buildTimeline,
  discardOutboxItem,
  loadConversation,
  loadMessages,
  markConversationRead,
  outboxForConversation,
  retryOutboxItem,
  setConversationStatus,
  type SessionRow,
} from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { ReplyArea } from '../composer/ReplyArea';
import { ConversationControls } from './ConversationControls';
import { PlatformBadge } from '../inbox/PlatformBadge';
import { MessageBubble } from './MessageBubble';
import { ReviewCard } from './ReviewCard';
import { StatusControl } from './StatusControl';
import { ContactCard } from '../security/ContactCard';
import { ConversationPresence } from '../presence/ConversationPresence';

interface ConversationPanelProps {
  conversationId: string;
  session: SessionRow;
  offline: boolean;
  composerRef: Ref<HTMLTextAreaElement>;
}

export function ConversationPanel({ conversationId, session, offline, composerRef }: ConversationPanelProps) {
  const { t } = useTranslation();
  const detail = useLiveQuery(() => loadConversation(cacheDb, conversationId), [conversationId]);
  const timeline = useLiveQuery(
    async () => buildTimeline(await loadMessages(cacheDb, conversationId), await outboxForConversation(cacheDb, conversationId), session.user.id),
    [conversationId, session.user.id],
  );
  const viewport = useRef<HTMLDivElement>(null);

  // The team sees who has this thread open (presence); closing it says so too.
  useEffect(() => {
    syncClient.viewing(conversationId);
    return () => syncClient.viewing(null);
  }, [conversationId]);

  // Opening marks read, and so does a buyer message arriving while it is open.
  const lastInboundAt = detail?.conversation.lastInboundAt;
  useEffect(() => {
    // The mark follows the agent to other machines, batched once they pause (readMarks.ts).
    void markConversationRead(durableDb, conversationId).then((moved) => {
      if (moved) readMarkFlusher.schedule();
    });
  }, [conversationId, lastInboundAt]);

  // Newest message in view whenever the history grows.
  const count = timeline?.length ?? 0;
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [count, conversationId]);

  if (detail === undefined) return null;
  if (detail === null) {
    return (
      <Center h="100%">
        <Text c="dimmed">{t('conversation.notFound')}</Text>
      </Center>
    );
  }

  const { conversation, store, customer } = detail;
  const platform = store?.platform ?? customer?.platform;
  const customerName = customer?.nickname || t('inbox.unknownCustomer');
  const act = (work: Promise<unknown>) => void work.then(() => syncClient.outboxChanged());

  return (
    <Stack gap={0} h="100%" data-testid="conversation-view" data-conversation-id={conversation.id} data-status={conversation.status}>
      <Box px="lg" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Stack gap={4} miw={0}>
            <Group gap={8} wrap="nowrap" miw={0}>
              <Title order={4} lineClamp={1} dir="auto" data-testid="conversation-customer">
                {customerName}
              </Title>
              <Badge variant="outline" color="gray" size="sm" radius="sm" style={{ flexShrink: 0 }}>
                {t(`kind.${conversation.kind}`)}
              </Badge>
            </Group>
            <Group gap={6} wrap="nowrap" miw={0}>
              {platform && <PlatformBadge platform={platform} size="sm" />}
              <Text size="sm" c="dimmed" truncate="end">
                {store?.name ?? t('inbox.unknownStore')}
              </Text>
              {conversation.subject && (
                <Text size="sm" c="dimmed" truncate="end" dir="auto">
                  · {conversation.subject}
                </Text>
              )}
            </Group>
            {customer && <ContactCard key={customer.id} customer={customer} session={session} />}
          </Stack>
          <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
            <StatusControl
              value={conversation.status}
              // The status on screen goes along: if another agent changed it meanwhile, theirs stands and we are told.
              onChange={(status: ConversationStatus) => act(setConversationStatus(durableDb, conversation.id, status, conversation.status))}
            />
            <ConversationPresence conversationId={conversation.id} selfId={session.user.id} />
          </Stack>
        </Group>
      </Box>
      <ConversationControls conversation={conversation} session={session} />
      <ScrollArea viewportRef={viewport} style={{ flex: 1 }} type="auto" data-testid="message-list">
        <Stack gap="sm" px="lg" py="md">
          {conversation.kind === 'review' && <ReviewCard conversationId={conversation.id} />}
          {timeline?.length === 0 && (
            <Text c="dimmed" ta="center" size="sm" py="xl">
              {t('conversation.noMessages')}
            </Text>
          )}
          {timeline?.map((message) => (
            <MessageBubble
              key={message.id}
              message={message}
              onRetry={(id) => act(retryOutboxItem(durableDb, id))}
              onDiscard={(id) => void discardOutboxItem(durableDb, id)}
            />
          ))}
        </Stack>
      </ScrollArea>
      <ReplyArea platform={platform} kind={conversation.kind} conversationId={conversation.id} customerName={customerName} offline={offline} inputRef={composerRef} store={store} session={session} />
    </Stack>
  );
}

export function NoConversation() {
  const { t } = useTranslation();
  return (
    <Center h="100%">
      <Stack align="center" gap={6}>
        <IconMessageCircle size={44} stroke={1.2} color="var(--mantine-color-dimmed)" />
        <Text fw={500}>{t('conversation.none')}</Text>
        <Text size="sm" c="dimmed">
          {t('conversation.noneHint')}
        </Text>
      </Stack>
    </Center>
  );
}
