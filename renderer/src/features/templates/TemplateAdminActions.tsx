import { ActionIcon, Drawer, Group, Title, Tooltip } from '@mantine/core';
import { IconChartBar, IconFileExport, IconFileImport } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cacheDb } from '../../app/database';
import type { SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { TemplateExportModal } from './TemplateExportModal';
import { TemplateImportModal } from './TemplateImportModal';
import { TemplateUsagePanel } from './TemplateUsagePanel';
import { byStoreName } from './templateFiles';

type Open = 'usage' | 'import' | 'export' | null;

/** Leads and owners: the quick-reply usage report, import and export (nothing for agents). */
export function TemplateAdminActions({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  const stores = useLiveQuery(async () => byStoreName(await cacheDb.stores.toArray()), [], []);
  if (session.user.role === 'agent') return null;
  const close = () => setOpen(null);
  const action = (which: Exclude<Open, null>, label: string, icon: ReactNode) => (
    <Tooltip label={label} withArrow>
      <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={() => setOpen(which)} data-testid={`template-${which}`}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );
  return (
    <Group gap={2} wrap="nowrap">
      {action('usage', t('templateUsage.title'), <IconChartBar size={18} />)}
      {action('import', t('templateTransfer.importTitle'), <IconFileImport size={18} />)}
      {action('export', t('templateTransfer.exportTitle'), <IconFileExport size={18} />)}
      <Drawer opened={open === 'usage'} onClose={close} position="right" size="xl" title={<Title order={4}>{t('templateUsage.title')}</Title>}>
        {open === 'usage' && <TemplateUsagePanel session={session} stores={stores} />}
      </Drawer>
      {open === 'import' && <TemplateImportModal session={session} stores={stores} opened onClose={close} />}
      {open === 'export' && <TemplateExportModal session={session} stores={stores} opened onClose={close} />}
    </Group>
  );
}
