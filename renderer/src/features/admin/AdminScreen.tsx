import { ActionIcon, Alert, Badge, Button, CopyButton, Group, Paper, ScrollArea, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconPencil, IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminStore, PlatformForm, StoreAuthorization } from '../../../../shared';
import type { SessionRow } from '../../db';
import { PlatformBadge } from '../inbox/PlatformBadge';
import { AdminApiError, fetchPlatformForms, fetchStores } from './adminApi';
import { AssignmentSettingsCard } from './AssignmentSettingsCard';
import { ProductCatalogueSection } from './ProductCatalogueSection';
import { StoreFormModal } from './StoreFormModal';
import { TeamSection } from './TeamSection';

/** Team administration: stores (owners) and automatic assignment (leads and owners). */
export function AdminScreen({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const owner = session.user.role === 'owner';
  return (
    <ScrollArea h="100%" type="auto">
      <Stack gap="lg" p="lg" maw={1100} data-testid="admin-screen">
        {owner && <StoresSection session={session} />}
        {(owner || session.user.role === 'lead') && <TeamSection session={session} />}
        <AssignmentSettingsCard session={session} />
        {(owner || session.user.role === 'lead') && <ProductCatalogueSection />}
        {!owner && (
          <Text size="sm" c="dimmed">
            {t('admin.storesOwnerOnly')}
          </Text>
        )}
      </Stack>
    </ScrollArea>
  );
}

function StoresSection({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const [stores, setStores] = useState<AdminStore[] | null>(null);
  const [platforms, setPlatforms] = useState<PlatformForm[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState<AdminStore | null>(null);
  const [formOpen, setFormOpen] = useState(false);

  const reload = useCallback(() => {
    Promise.all([fetchStores(session), fetchPlatformForms(session)])
      .then(([list, forms]) => {
        setStores(list);
        setPlatforms(forms);
        setProblem(null);
      })
      .catch((err: unknown) => setProblem(err instanceof AdminApiError && err.status === null ? t('admin.unreachable') : String(err instanceof Error ? err.message : err)));
  }, [session, t]);

  useEffect(reload, [reload]);

  return (
    <Paper withBorder radius="md" p="md" data-testid="stores-admin">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={5}>{t('admin.stores.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('admin.stores.hint')}
          </Text>
        </div>
        <Button
          leftSection={<IconPlus size={16} />}
          data-testid="store-add"
          onClick={() => {
            setEditing(null);
            setFormOpen(true);
          }}
        >
          {t('admin.store.add')}
        </Button>
      </Group>
      {problem && (
        <Alert color="red" variant="light" p={8} mb="sm">
          {problem}
        </Alert>
      )}
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.stores.store')}</Table.Th>
            <Table.Th>{t('admin.store.currency')}</Table.Th>
            <Table.Th>{t('admin.stores.connection')}</Table.Th>
            <Table.Th>{t('admin.stores.webhook')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stores?.map((store) => (
            <Table.Tr key={store.id} data-testid="admin-store" data-store-id={store.id} data-platform={store.platform}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <PlatformBadge platform={store.platform} size="sm" />
                  <Text size="sm" fw={500}>
                    {store.name}
                  </Text>
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{store.currency}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <ConnectionState store={store} />
                  {store.authorization && <AuthorizationState authorization={store.authorization} />}
                </Stack>
              </Table.Td>
              <Table.Td maw={360}>
                {store.webhookUrl ? (
                  <Group gap={4} wrap="nowrap">
                    <Text size="xs" ff="monospace" truncate="end" title={store.webhookUrl} data-testid="store-webhook-url">
                      {store.webhookUrl}
                    </Text>
                    <CopyButton value={store.webhookUrl}>
                      {({ copied, copy }) => (
                        <Tooltip label={copied ? t('admin.stores.copied') : t('admin.stores.copy')} withArrow>
                          <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('admin.stores.copy')} data-testid="store-webhook-copy">
                            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </CopyButton>
                  </Group>
                ) : (
                  <Text size="xs" c="dimmed">
                    {store.hasConnector ? t('admin.stores.connectsOut') : '—'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Tooltip label={t('admin.stores.edit')} withArrow>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('admin.stores.edit')}
                    data-testid="store-edit"
                    onClick={() => {
                      setEditing(store);
                      setFormOpen(true);
                    }}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {stores?.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" py="md">
          {t('admin.stores.none')}
        </Text>
      )}
      <StoreFormModal
        session={session}
        platforms={platforms}
        editing={editing}
        opened={formOpen}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          reload();
        }}
      />
    </Paper>
  );
}

function ConnectionState({ store }: { store: AdminStore }) {
  const { t } = useTranslation();
  if (!store.hasConnector) return <Badge color="gray" variant="light" style={{ textTransform: 'none' }}>{t('admin.stores.noConnector')}</Badge>;
  if (store.webhookUrl) return <Badge color="blue" variant="light" style={{ textTransform: 'none' }}>{t('admin.stores.viaWebhook')}</Badge>;
  return store.messageServiceLive ? (
    <Badge color="teal" variant="light" style={{ textTransform: 'none' }}>{t('admin.stores.live')}</Badge>
  ) : (
    <Badge color="orange" variant="light" style={{ textTransform: 'none' }}>{t('admin.stores.notLive')}</Badge>
  );
}

/** The platform authorization (OAuth token) of a store: state badge, expiry and renewal dates. */
function AuthorizationState({ authorization }: { authorization: StoreAuthorization }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const badge =
    authorization.state === 'reauthorize' ? (
      <Badge color="red" variant="filled" style={{ textTransform: 'none' }} data-testid="store-auth-reauthorize">
        {t('admin.stores.authReauthorize')}
      </Badge>
    ) : authorization.state === 'expiring' ? (
      <Badge color="yellow" variant="light" style={{ textTransform: 'none' }} data-testid="store-auth-expiring">
        {t('admin.stores.authExpiring')}
      </Badge>
    ) : (
      <Badge color="teal" variant="light" style={{ textTransform: 'none' }} data-testid="store-auth-ok">
        {t('admin.stores.authOk')}
      </Badge>
    );
  const details = [
    authorization.expiresAt ? t('admin.stores.authExpires', { date: date(authorization.expiresAt) }) : t('admin.stores.authNoExpiry'),
    authorization.renewable && authorization.refreshExpiresAt ? t('admin.stores.authRefreshExpires', { date: date(authorization.refreshExpiresAt) }) : null,
    authorization.lastRefreshAt ? t('admin.stores.authRenewed', { date: date(authorization.lastRefreshAt) }) : null,
    authorization.renewable ? null : t('admin.stores.authNotRenewable'),
  ].filter((part): part is string => part !== null);
  return (
    <Stack gap={2} data-testid="store-authorization">
      {badge}
      <Text size="xs" c="dimmed" data-testid="store-auth-expiry">
        {details.join(' · ')}
      </Text>
      {authorization.state === 'reauthorize' && (
        <Text size="xs" c="red" maw={320}>
          {t('admin.stores.authReauthorizeHint')}
        </Text>
      )}
      {authorization.lastError && (
        <Text size="xs" c="dimmed" maw={320} lineClamp={2} title={authorization.lastError} data-testid="store-auth-error">
          {authorization.lastError}
        </Text>
      )}
    </Stack>
  );
}
