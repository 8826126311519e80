import { Alert, Button, Group, Input, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_FILE_FORMATS, type Store, type TemplateFileFormat } from '../../../../shared';
import type { SessionRow } from '../../db';
import { AdminApiError, exportTemplateFile } from './adminApi';
import { TemplateTargetPicker, type TemplateTarget } from './TemplateTargetPicker';
import { exportFileName } from './templateFiles';

/** Hands the file to the browser (or Electron's save dialog) as a download. */
function download(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  // The click has started the download; the URL is no longer needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Export the team's or one store's quick replies as CSV (opens in Excel) or JSON. */
export function TemplateExportModal({ session, stores, opened, onClose }: { session: SessionRow; stores: readonly Store[]; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<TemplateTarget>({ scope: 'team', storeId: null });
  const [format, setFormat] = useState<TemplateFileFormat>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const file = await exportTemplateFile(session, format, target.scope, target.storeId);
      const name = target.scope === 'store' ? (stores.find((s) => s.id === target.storeId)?.name ?? target.storeId ?? 'store') : 'team';
      download(file, exportFileName(name, format, new Date()));
      onClose();
    } catch (failure) {
      setError(
        failure instanceof AdminApiError && failure.problem === 'unreachable'
          ? t('reports.offline')
          : t('templateTransfer.failed', { message: failure instanceof Error ? failure.message : String(failure) }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('templateTransfer.exportTitle')} data-testid="template-export">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('templateTransfer.exportHint')}
        </Text>
        <TemplateTargetPicker label={t('templateTransfer.exportFrom')} value={target} onChange={setTarget} stores={stores} />
        <Input.Wrapper label={t('templateTransfer.format')}>
          <SegmentedControl
            mt={4}
            fullWidth
            size="xs"
            value={format}
            onChange={(value) => setFormat(value as TemplateFileFormat)}
            data={TEMPLATE_FILE_FORMATS.map((value) => ({ value, label: value.toUpperCase() }))}
            data-testid="export-format"
          />
        </Input.Wrapper>
        {error && (
          <Alert color="red" data-testid="export-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('templateTransfer.close')}
          </Button>
          <Button
            leftSection={<IconDownload size={16} />}
            onClick={() => void run()}
            loading={busy}
            disabled={target.scope === 'store' && !target.storeId}
            data-testid="export-run"
          >
            {t('templateTransfer.download')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
