import { Badge, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { COMPLIANCE_MODES, defaultStoreSettings, type ComplianceMode } from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { loadStoreSettings, setComplianceMode, type SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { PlatformBadge } from '../inbox/PlatformBadge';

/** Per store: what the composer does with compliance findings. Owners change it; others see it. */
export function StoreModesPanel({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const stores = useLiveQuery(() => cacheDb.stores.orderBy('platform').toArray(), [], []);
  const settings = useLiveQuery(() => loadStoreSettings(cacheDb), [], new Map());
  const isOwner = session.user.role === 'owner';

  async function change(storeId: string, mode: ComplianceMode): Promise<void> {
    await setComplianceMode(durableDb, storeId, mode);
    syncClient.outboxChanged();
  }

  return (
    <Stack gap="sm" p="lg" data-testid="store-modes">
      <Title order={4}>{t('compliance.modesTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('compliance.modesHint')}
      </Text>
      {stores.map((store) => {
        const mode = (settings.get(store.id) ?? defaultStoreSettings(store.id)).complianceMode;
        return (
          <Paper key={store.id} withBorder p="sm" radius="md" data-testid="store-mode" data-store-id={store.id} data-mode={mode}>
            <Group justify="space-between" wrap="nowrap">
              <Group gap={8} wrap="nowrap" miw={0}>
                <PlatformBadge platform={store.platform} size="sm" />
                <Text fw={500} truncate="end">
                  {store.name}
                </Text>
              </Group>
              {isOwner ? (
                <SegmentedControl
                  size="xs"
                  value={mode}
                  onChange={(value) => void change(store.id, value as ComplianceMode)}
                  data={COMPLIANCE_MODES.map((value) => ({ value, label: t(`compliance.mode.${value}`) }))}
                />
              ) : (
                <Badge variant="light">{t(`compliance.mode.${mode}`)}</Badge>
              )}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
