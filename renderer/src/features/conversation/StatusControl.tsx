import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../../../../shared';

/** Snoozing needs a wake-up time (conversation.snooze), so it is not one of these buttons. */
const SETTABLE_STATUSES = CONVERSATION_STATUSES.filter((status) => status !== 'snoozed');

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
        const status = SETTABLE_STATUSES.find((s) => s === next);
        if (status && status !== value) onChange(status);
      }}
      data={SETTABLE_STATUSES.map((status) => ({
        value: status,
        label: <span data-status-option={status}>{t(`status.${status}`)}</span>,
      }))}
    />
  );
}
