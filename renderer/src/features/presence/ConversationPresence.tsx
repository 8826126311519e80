import { Avatar, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { cacheDb } from '../../app/database';
import { useConversationPresence } from '../../app/syncClient';
import { useLiveQuery } from '../../db/hooks';
import { namesOf, othersIn } from './presenceText';

/**
 * "Who else is here": avatars of the other agents who have this conversation open and
 * "Alex is typing…". Live state from the server, gone when offline.
 */
export function ConversationPresence({ conversationId, selfId }: { conversationId: string; selfId: string }) {
  const { t } = useTranslation();
  const users = useLiveQuery(() => cacheDb.users.toArray(), [], []);
  const { viewers, typing } = othersIn(useConversationPresence(conversationId), selfId);
  if (viewers.length === 0 && typing.length === 0) return null;
  const viewerNames = namesOf(viewers, users);
  const typingNames = namesOf(typing, users);
  return (
    <Group gap={8} wrap="nowrap" data-testid="conversation-presence">
      {viewers.length > 0 && (
        <Tooltip label={t('presence.viewing', { names: viewerNames.join(t('presence.separator')) })} withArrow>
          <Avatar.Group spacing="xs">
            {viewers.map((id, index) => (
              <Avatar key={id} size={24} radius="xl" color="grape" data-testid="presence-viewer" data-user-id={id} aria-label={viewerNames[index]}>
                {(viewerNames[index] ?? '?').slice(0, 1)}
              </Avatar>
            ))}
          </Avatar.Group>
        </Tooltip>
      )}
      {typing.length > 0 && (
        <Text size="xs" c="dimmed" fs="italic" data-testid="presence-typing" data-user-ids={typing.join(' ')}>
          {typingNames.length === 1 ? t('presence.typingOne', { name: typingNames[0] }) : t('presence.typingMany', { names: typingNames.join(t('presence.separator')) })}
        </Text>
      )}
    </Group>
  );
}
