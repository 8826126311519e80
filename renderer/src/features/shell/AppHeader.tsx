import { ActionIcon, Avatar, Group, Text, Tooltip } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../app/syncClient';
import type { SessionRow } from '../../db';
import { Brand } from './Brand';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { ConnectionBadge, SyncProgressIndicator } from './ConnectionBadge';
import { LanguageSwitch } from './LanguageSwitch';
import { AuditButton } from '../security/AuditDrawer';
import { MainNav, type WorkspaceView } from './MainNav';
import { OutboxIndicator } from './OutboxIndicator';
import { OnlineTeam } from '../presence/OnlineTeam';

interface AppHeaderProps {
  session: SessionRow;
  status: SyncStatus;
  onSignOut: () => void;
  view?: WorkspaceView;
  onViewChange?: (view: WorkspaceView) => void;
}

export function AppHeader({ session, status, onSignOut, view, onViewChange }: AppHeaderProps) {
  const { t } = useTranslation();
  const { user } = session;
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="md" wrap="nowrap">
        <Brand />
        {view && onViewChange && <MainNav view={view} onChange={onViewChange} role={user.role} />}
        <ConnectionBadge status={status} serverUrl={session.serverUrl} />
        <OutboxIndicator />
        <SyncProgressIndicator status={status} />
      </Group>
      <Group gap="sm" wrap="nowrap">
        <OnlineTeam selfId={user.id} />
        <AuditButton session={session} />
        <LanguageSwitch />
        <ColorSchemeToggle />
        <Group gap={8} wrap="nowrap" ml="xs" data-testid="signed-in-user">
          <Avatar size={28} radius="xl" color="brand">
            {user.displayName.slice(0, 1)}
          </Avatar>
          <div>
            <Text size="sm" fw={500} lh={1.2}>
              {user.displayName}
            </Text>
            <Text size="xs" c="dimmed" lh={1.2}>
              {t(`role.${user.role}`)}
            </Text>
          </div>
        </Group>
        <Tooltip label={t('header.signOut')} withArrow>
          <ActionIcon data-testid="sign-out" variant="subtle" color="gray" aria-label={t('header.signOut')} onClick={onSignOut}>
            <IconLogout size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
