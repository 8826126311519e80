import { Avatar, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { cacheDb } from '../../app/database';
import { useOnlineUserIds } from '../../app/syncClient';
import { useLiveQuery } from '../../db/hooks';
import { namesOf } from './presenceText';

const SHOWN = 5;

/** The header's "who is online": avatars of the team members connected right now. */
export function OnlineTeam({ selfId }: { selfId: string }) {
  const { t } = useTranslation();
  const users = useLiveQuery(() => cacheDb.users.toArray(), [], []);
  const others = useOnlineUserIds().filter((id) => id !== selfId);
  if (others.length === 0) return null;
  const names = namesOf(others, users);
  return (
    <Tooltip label={t('presence.online', { names: names.join(t('presence.separator')) })} multiline w={260} withArrow>
      <Avatar.Group spacing="xs" data-testid="online-team" data-count={others.length}>
        {others.slice(0, SHOWN).map((id, index) => (
          <Avatar key={id} size={26} radius="xl" color="teal" data-testid="online-user" data-user-id={id} aria-label={names[index]}>
            {(names[index] ?? '?').slice(0, 1)}
          </Avatar>
        ))}
        {others.length > SHOWN && (
          <Avatar size={26} radius="xl">
            +{others.length - SHOWN}
          </Avatar>
        )}
      </Avatar.Group>
    </Tooltip>
  );
}
