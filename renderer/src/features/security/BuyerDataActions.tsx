import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared';
import type { SessionRow } from '../../db';
import { SecurityApiError, eraseCustomerData, exportCustomerData } from './securityApi';

/**
 * The owner's buyer-data rights actions (the server allows them to owners only):
 * export everything stored about the buyer as a JSON file, or erase their personal
 * data after a confirmation that names them. Both are audited by the server; an
 * erasure reaches every app's cache through sync. Online only.
 */
export function BuyerDataActions({ customer, session }: { customer: Customer; session: SessionRow }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<'export' | 'erase' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (session.user.role !== 'owner') return null;
  const buyer = customer.nickname || customer.platformUserId;

  const explain = (err: unknown) =>
    setProblem(err instanceof SecurityApiError && err.status === null ? t('buyerData.offline') : err instanceof Error ? err.message : String(err));

  async function exportData(): Promise<void> {
    setBusy('export');
    setProblem(null);
    setDone(null);
    try {
      const json = await exportCustomerData(session, customer.id);
      saveAsFile(json, `buyer-${customer.platform}-${customer.id}.json`);
      setDone(t('buyerData.exported'));
    } catch (err) {
      explain(err);
    } finally {
      setBusy(null);
    }
  }

  async function erase(): Promise<void> {
    setBusy('erase');
    setProblem(null);
    setDone(null);
    try {
      const result = await eraseCustomerData(session, customer.id);
      setConfirming(false);
      setDone(t('buyerData.erased', { messages: result.messages, conversations: result.conversations }));
    } catch (err) {
      setConfirming(false);
      explain(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap={6} data-testid="buyer-data">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t('buyerData.title')}
      </Text>
      <Group gap={6}>
        <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} loading={busy === 'export'} onClick={() => void exportData()} data-testid="buyer-export">
          {t('buyerData.export')}
        </Button>
        {!customer.erasedAt && (
          <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={() => setConfirming(true)} data-testid="buyer-erase">
            {t('buyerData.erase')}
          </Button>
        )}
      </Group>
      {problem && (
        <Alert color="red" variant="light" p={6} data-testid="buyer-data-problem">
          <Text size="xs">{problem}</Text>
        </Alert>
      )}
      {done && (
        <Text size="xs" c="teal" data-testid="buyer-data-done">
          {done}
        </Text>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('buyerData.eraseTitle', { buyer })} data-testid="buyer-erase-confirm">
        <Stack gap="sm">
          <Text size="sm">{t('buyerData.eraseExplain', { buyer })}</Text>
          <Text size="sm" fw={600} c="red">
            {t('buyerData.cannotUndo')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('admin.cancel')}
            </Button>
            <Button color="red" loading={busy === 'erase'} onClick={() => void erase()} data-testid="buyer-erase-ok">
              {t('buyerData.eraseConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** Hands text to the browser's (or Electron's) download through a temporary Blob link. */
function saveAsFile(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the data by the next task; the URL may go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
