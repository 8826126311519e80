import { ActionIcon, Alert, Button, Drawer, Group, NumberInput, ScrollArea, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_RETENTION_DAYS, type AuditEntry } from '../../../../shared';
import { cacheDb } from '../../app/database';
import type { SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { loadTeamSettings } from '../../db/security';
import { fetchAudit, saveRetention } from './securityApi';

/** Owners only: the audit log (who revealed, exported, erased, removed what) and the retention setting. */
export function AuditButton({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (session.user.role !== 'owner') return null;
  return (
    <>
      <Tooltip label={t('security.auditTitle')} withArrow>
        <ActionIcon data-testid="open-audit" variant="subtle" color="gray" aria-label={t('security.auditTitle')} onClick={() => setOpen(true)}>
          <IconShieldCheck size={18} />
        </ActionIcon>
      </Tooltip>
      <Drawer opened={open} onClose={() => setOpen(false)} position="right" size="xl" title={<Title order={4}>{t('security.auditTitle')}</Title>}>
        {open && <AuditView session={session} />}
      </Drawer>
    </>
  );
}

function AuditView({ session }: { session: SessionRow }) {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState(false);
  const settings = useLiveQuery(() => loadTeamSettings(cacheDb), [], null);
  const [days, setDays] = useState<number | string>('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetchAudit(session).then(
      (list) => !cancelled && setEntries(list),
      () => !cancelled && setError(true),
    );
    return () => {
      cancelled = true;
    };
  }, [session]);

  useEffect(() => {
    setDays(settings?.retentionDays ?? '');
  }, [settings?.retentionDays]);

  async function save(): Promise<void> {
    setSaving(true);
    try {
      await saveRetention(session, typeof days === 'number' ? days : null);
    } catch {
      setError(true);
    } finally {
      setSaving(false);
    }
  }

  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Text fw={500}>{t('security.retentionTitle')}</Text>
        <Text size="sm" c="dimmed">
          {t('security.retentionHelp')}
        </Text>
        <Group align="flex-end">
          <NumberInput data-testid="retention-days" w={160} min={1} max={MAX_RETENTION_DAYS} value={days} onChange={setDays} placeholder={t('security.retentionForever')} suffix={` ${t('security.days')}`} />
          <Button data-testid="retention-save" onClick={() => void save()} loading={saving}>
            {t('security.save')}
          </Button>
        </Group>
      </Stack>
      {error && <Alert color="red">{t('security.auditFailed')}</Alert>}
      <ScrollArea h="60vh">
        <Table striped data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('security.when')}</Table.Th>
              <Table.Th>{t('security.who')}</Table.Th>
              <Table.Th>{t('security.what')}</Table.Th>
              <Table.Th>{t('security.detail')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(entries ?? []).map((entry) => (
              <Table.Tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                <Table.Td>{format.format(new Date(entry.at))}</Table.Td>
                <Table.Td>{entry.actorName}</Table.Td>
                <Table.Td>{t(`security.action.${entry.action.replace('.', '_')}`)}</Table.Td>
                <Table.Td>
                  <Text size="xs" dir="auto">
                    {entry.detail}
                    {entry.customerId ? ` · ${entry.customerId}` : ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {entries?.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('security.auditEmpty')}
          </Text>
        )}
      </ScrollArea>
    </Stack>
  );
}
