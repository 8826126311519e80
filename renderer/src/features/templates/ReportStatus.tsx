import { Alert, Button, Center, Loader } from '@mantine/core';
import { IconCloudOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ReportState } from './useServerReport';

/** What an online-only report shows while it is not ready: a loader, "you are offline", or the error. */
export function ReportStatus<T>({ state, onRetry }: { state: ReportState<T>; onRetry: () => void }) {
  const { t } = useTranslation();
  if (state.status === 'loading') {
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  if (state.status === 'offline') {
    return (
      <Alert color="gray" icon={<IconCloudOff size={18} />} title={t('reports.offlineTitle')} data-testid="report-offline">
        {t('reports.offline')}
        <Button mt="sm" size="xs" variant="default" onClick={onRetry} display="block" data-testid="report-retry">
          {t('reports.retry')}
        </Button>
      </Alert>
    );
  }
  if (state.status === 'failed') {
    return (
      <Alert color="red" title={t('reports.failedTitle')} data-testid="report-failed">
        {t('reports.failed', { message: state.message })}
        <Button mt="sm" size="xs" variant="light" color="red" onClick={onRetry} display="block">
          {t('reports.retry')}
        </Button>
      </Alert>
    );
  }
  return null;
}
