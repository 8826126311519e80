import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../../../../shared';

export function StatusControl({ value, onChange }: { value: ConversationStatus; onChange: (status: ConversationStatus) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      data-testid="conversation-status"
      data-status={value}
      aria-label={t('conversation.status')}
      size="xs"
      value={value}
      onChange={(next) => {
        const status = CONVERSATION_STATUSES.find((s) => s === next);
        if (status && status !== value) onChange(status);
      }}
      data={CONVERSATION_STATUSES.map((status) => ({
        value: status,
        label: <span data-status-option={status}>{t(`status.${status}`)}</span>,
      }))}
    />
  );
}
