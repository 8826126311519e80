import { Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLocalized, type MutationPayload } from '../../../../shared';
import type { ComposerCheck } from './composerChecks';

type Override = NonNullable<Extract<MutationPayload, { type: 'message.send' }>['complianceOverride']>;

export interface ConfirmRequest {
  text: string;
  check: ComposerCheck;
  /** The store blocks these terms: only a lead or owner may send, with a reason. */
  blocked: boolean;
  /** What is recorded when the agent sends anyway (null: personal data only, nothing to record). */
  override: Override | null;
}

interface ComplianceConfirmProps {
  request: ConfirmRequest | null;
  onCancel: () => void;
  onSend: (override: Override | null) => void;
}

/** "Send anyway?" with every finding listed; a blocked reply also needs a reason. */
export function ComplianceConfirm({ request, onCancel, onSend }: ComplianceConfirmProps) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState('');
  useEffect(() => setReason(''), [request]);
  const needsReason = request?.blocked === true;

  return (
    <Modal opened={request !== null} onClose={onCancel} title={needsReason ? t('compliance.overrideTitle') : t('compliance.confirmTitle')} size="lg">
      {request && (
        <Stack gap="sm" data-testid="compliance-confirm">
          <Text size="sm">{needsReason ? t('compliance.overrideIntro') : t('compliance.confirmIntro')}</Text>
          <List size="sm" spacing={6}>
            {request.check.findings.map((finding) => (
              <List.Item key={`${finding.start}-${finding.termId}`}>
                <Text span fw={600} c={finding.severity === 'banned' ? 'red' : 'orange'}>
                  {finding.matchedText}
                </Text>
                {' — '}
                {pickLocalized(finding.reason, i18n.language)}
              </List.Item>
            ))}
            {request.check.personal.map((finding) => (
              <List.Item key={`p-${finding.start}`}>
                <Text span fw={600} c="blue">
                  {request.text.slice(finding.start, finding.end)}
                </Text>
                {' — '}
                {t(`compliance.personal.${finding.kind}`)}
              </List.Item>
            ))}
          </List>
          {needsReason && (
            <Textarea
              label={t('compliance.overrideReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              data-testid="compliance-override-reason"
              data-autofocus
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel} data-testid="compliance-edit">
              {t('compliance.keepEditing')}
            </Button>
            <Button
              color={needsReason ? 'red' : 'orange'}
              disabled={needsReason && reason.trim().length === 0}
              data-testid="compliance-send-anyway"
              onClick={() => onSend(request.override ? { ...request.override, ...(reason.trim() ? { reason: reason.trim() } : {}) } : null)}
            >
              {needsReason ? t('compliance.overrideSend') : t('compliance.sendAnyway')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
