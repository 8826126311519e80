import { Badge, Group, Loader, Progress, Text, Tooltip } from '@mantine/core';
import { IconCloudOff, IconPlugConnected, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../app/syncClient';

const COLOR = { online: 'teal', offline: 'gray', connecting: 'yellow', unauthorized: 'red' } as const;

export function ConnectionBadge({ status, serverUrl }: { status: SyncStatus; serverUrl: string }) {
  const { t } = useTranslation();
  const { connection } = status;
  const icon =
    connection === 'online' ? <IconPlugConnected size={12} /> : connection === 'connecting' ? <Loader size={10} color="yellow" /> : <IconCloudOff size={12} />;
  const hint = connection === 'online' ? t('header.connection.onlineHint', { url: serverUrl }) : t('header.connection.offlineHint');
  return (
    <Tooltip label={status.detail && connection !== 'online' ? `${hint} (${status.detail})` : hint} multiline w={280} withArrow>
      <Badge data-testid="connection-state" data-state={connection} color={COLOR[connection]} variant="light" leftSection={icon} radius="sm">
        {t(`header.connection.${connection}`)}
      </Badge>
    </Tooltip>
  );
}

export function SyncProgressIndicator({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const { syncing, applied, total } = status.progress;
  if (!syncing || total === 0) return null;
  return (
    <Group gap={6} wrap="nowrap" data-testid="sync-progress">
      <IconRefresh size={14} />
      <Text size="xs" c="dimmed">
        {t('header.syncing', { applied, total })}
      </Text>
      <Progress value={(100 * applied) / total} w={80} size="sm" />
    </Group>
  );
}
