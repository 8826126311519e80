import { ActionIcon, Badge, Group, Paper, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cacheDb } from '../../app/database';
import type { SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { PlatformBadge } from '../inbox/PlatformBadge';
import { fetchComplianceEvents } from '../templates/adminApi';
import { ReportStatus } from '../templates/ReportStatus';
import { useServerReport } from '../templates/useServerReport';
import { byStoreName } from '../templates/templateFiles';

/**
 * Leads and owners: every reply the server blocked and every "send anyway" / override,
 * newest first, with who, when, which store, the terms found and the override's reason.
 * Online only (the record lives on the server).
 */
export function ComplianceEventsPanel({ session }: { session: SessionRow }) {
  const { t, i18n } = useTranslation();
  const [storeFilter, setStoreFilter] = useState<string | null>(null);
  const stores = useLiveQuery(async () => byStoreName(await cacheDb.stores.toArray()), [], []);
  const { state, reload } = useServerReport(() => fetchComplianceEvents(session), [session.token]);
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const events = state.status === 'ready' ? state.data.filter((e) => storeFilter === null || e.storeId === storeFilter) : [];

  return (
    <Stack gap="sm" data-testid="compliance-events" data-state={state.status}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {t('complianceEvents.hint')}
        </Text>
        <Group gap={6} wrap="nowrap">
          <Select
            size="xs"
            w={200}
            placeholder={t('complianceEvents.allStores')}
            data={stores.map((s) => ({ value: s.id, label: s.name }))}
            value={storeFilter}
            onChange={setStoreFilter}
            clearable
          />
          <Tooltip label={t('reports.refresh')} withArrow>
            <ActionIcon variant="subtle" color="gray" aria-label={t('reports.refresh')} onClick={reload} data-testid="compliance-events-refresh">
              <IconRefresh size={18} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <ReportStatus state={state} onRetry={reload} />
      {state.status === 'ready' && events.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" py="xl">
          {t('complianceEvents.none')}
        </Text>
      )}
      {events.map((event) => {
        const store = stores.find((s) => s.id === event.storeId);
        return (
          <Paper key={event.id} withBorder radius="md" p="sm" data-testid="compliance-event" data-kind={event.kind} data-store-id={event.storeId}>
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Group gap={8} wrap="nowrap" miw={0}>
                <Badge color={event.kind === 'blocked' ? 'red' : 'orange'} variant="light">
                  {t(`complianceEvents.kind.${event.kind}`)}
                </Badge>
                <Text size="sm" fw={500} truncate="end">
                  {event.userName ?? t('complianceEvents.formerUser')}
                </Text>
                {store && <PlatformBadge platform={store.platform} size="sm" />}
                <Text size="sm" c="dimmed" truncate="end">
                  {store?.name ?? event.storeId}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {dateFormat.format(new Date(event.createdAt))}
              </Text>
            </Group>
            <Group gap={4} mt={6}>
              <Text size="xs" c="dimmed">
                {t('complianceEvents.terms')}
              </Text>
              {event.findings.map((finding, index) => (
                <Tooltip key={`${finding.termId}-${index}`} label={finding.matchedText} withArrow disabled={finding.matchedText === finding.term}>
                  <Badge size="sm" variant="outline" color={finding.severity === 'banned' ? 'red' : 'yellow'} tt="none">
                    {finding.term}
                  </Badge>
                </Tooltip>
              ))}
              <Text size="xs" c="dimmed" ml="xs">
                {t('complianceEvents.modeWas', { mode: t(`compliance.mode.${event.mode}`) })}
              </Text>
            </Group>
            <Text size="sm" mt={6} lineClamp={3} dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="compliance-event-body">
              {event.body}
            </Text>
            {event.reason && (
              <Text size="sm" mt={6} data-testid="compliance-event-reason">
                <Text span c="dimmed" size="sm">
                  {t('complianceEvents.reason')}{' '}
                </Text>
                {event.reason}
              </Text>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
