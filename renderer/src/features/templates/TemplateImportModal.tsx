import { Alert, Button, FileButton, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconCheck, IconFileImport, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_IMPORT_CHARS, type Store, type TemplateFileFormat } from '../../../../shared';
import type { SessionRow } from '../../db';
import { AdminApiError, importTemplateFile } from './adminApi';
import { TemplateTargetPicker, type TemplateTarget } from './TemplateTargetPicker';
import { detectTemplateFileFormat, importOutcome, type ImportOutcome } from './templateFiles';

interface PickedFile {
  name: string;
  content: string;
  format: TemplateFileFormat | null;
}

/**
 * Import a CSV or JSON file of quick replies into the team or one store. The server
 * checks every row first; one bad row and nothing is written, and the report lists each
 * bad row with its number and reason. New templates arrive through sync like any other.
 */
export function TemplateImportModal({ session, stores, opened, onClose }: { session: SessionRow; stores: readonly Store[]; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<TemplateTarget>({ scope: 'team', storeId: null });
  const [file, setFile] = useState<PickedFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function pick(picked: File | null): Promise<void> {
    setOutcome(null);
    setError(null);
    if (!picked) return;
    // A UTF-8 character is at most 4 bytes: a file this big has too many characters for sure (not worth reading).
    const content = picked.size > MAX_IMPORT_CHARS * 4 ? null : await picked.text();
    if (content === null || content.length > MAX_IMPORT_CHARS) {
      setFile(null);
      setError(t('templateTransfer.tooLarge'));
      return;
    }
    setFile({ name: picked.name, content, format: detectTemplateFileFormat(picked.name, content) });
  }

  async function run(): Promise<void> {
    if (!file?.format) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const report = await importTemplateFile(session, { format: file.format, content: file.content, scope: target.scope, storeId: target.storeId });
      setOutcome(importOutcome(report));
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
    <Modal opened={opened} onClose={onClose} title={t('templateTransfer.importTitle')} size="lg" data-testid="template-import">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('templateTransfer.importHint')}
        </Text>
        <TemplateTargetPicker label={t('templateTransfer.importInto')} value={target} onChange={setTarget} stores={stores} />
        <Group gap="sm" wrap="nowrap">
          <FileButton onChange={(f) => void pick(f)} accept=".csv,.json,text/csv,application/json" inputProps={{ 'data-testid': 'import-file' } as object}>
            {(props) => (
              <Button {...props} variant="default" leftSection={<IconFileImport size={16} />}>
                {t('templateTransfer.chooseFile')}
              </Button>
            )}
          </FileButton>
          <Text size="sm" truncate="end" data-testid="import-file-name" data-format={file?.format ?? ''}>
            {file ? `${file.name} · ${file.format ? file.format.toUpperCase() : t('templateTransfer.unknownFormat')}` : t('templateTransfer.noFile')}
          </Text>
        </Group>
        {file && !file.format && (
          <Alert color="orange" data-testid="import-format-unknown">
            {t('templateTransfer.formatHelp')}
          </Alert>
        )}
        {error && (
          <Alert color="red" data-testid="import-error">
            {error}
          </Alert>
        )}
        {outcome?.kind === 'imported' && (
          <Alert color="green" icon={<IconCheck size={18} />} data-testid="import-done" data-created={outcome.created} data-updated={outcome.updated}>
            {t('templateTransfer.imported', { created: outcome.created, updated: outcome.updated })}
          </Alert>
        )}
        {outcome?.kind === 'rejected' && (
          <Alert color="red" icon={<IconX size={18} />} title={t('templateTransfer.rejectedTitle')} data-testid="import-rejected" data-count={outcome.lines.length}>
            <Text size="sm" mb="xs">
              {t('templateTransfer.rejected', { count: outcome.lines.length, valid: outcome.validRows })}
            </Text>
            <ScrollArea.Autosize mah={240} type="auto">
              <Table verticalSpacing={4} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={80}>{t('templateTransfer.row')}</Table.Th>
                    <Table.Th>{t('templateTransfer.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {outcome.lines.map((line, index) => (
                    <Table.Tr key={`${line.row}-${index}`} data-testid="import-rejected-row" data-row={line.row}>
                      <Table.Td>{line.row === 0 ? t('templateTransfer.wholeFile') : line.row}</Table.Td>
                      <Table.Td style={{ wordBreak: 'break-word' }}>{line.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('templateTransfer.close')}
          </Button>
          <Button
            onClick={() => void run()}
            loading={busy}
            disabled={!file?.format || (target.scope === 'store' && !target.storeId)}
            data-testid="import-run"
          >
            {t('templateTransfer.import')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
