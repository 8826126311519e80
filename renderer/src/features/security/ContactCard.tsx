import { Button, Group, Stack, Text } from '@mantine/core';
import { IconEye, IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BuyerContact, Customer } from '../../../../shared';
import type { SessionRow } from '../../db';
import { SecurityApiError, revealContact } from './securityApi';

const FIELDS = ['realName', 'phone', 'address', 'idNumber'] as const;

/**
 * The buyer's contact data as the server sent it: masked. Users allowed to (leads,
 * owners, agents with the permission) can reveal it; the server records every reveal in
 * the audit log. The clear values stay in this component's state only.
 */
export function ContactCard({ customer, session }: { customer: Customer; session: SessionRow }) {
  const { t } = useTranslation();
  const [revealed, setRevealed] = useState<BuyerContact | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const contact = revealed ?? customer.contact ?? null;
  if (!contact) return null;
  const shown = FIELDS.filter((field) => contact[field]);
  if (shown.length === 0) return null;

  async function reveal(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      setRevealed(await revealContact(session, customer.id));
    } catch (err) {
      setError(err instanceof SecurityApiError && err.status === 403 ? t('security.revealForbidden') : t('security.revealFailed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Group gap="md" wrap="wrap" data-testid="contact-card" data-revealed={revealed ? 'true' : 'false'}>
      <IconShieldLock size={16} color="var(--mantine-color-dimmed)" aria-label={revealed ? t('security.revealedLabel') : t('security.maskedLabel')} />
      {shown.map((field) => (
        <Stack key={field} gap={0}>
          <Text size="xs" c="dimmed">
            {t(`security.field.${field}`)}
          </Text>
          <Text size="sm" dir="auto" data-testid={`contact-${field}`}>
            {contact[field]}
          </Text>
        </Stack>
      ))}
      {!revealed && session.user.canRevealPii && (
        <Button size="compact-xs" variant="subtle" leftSection={<IconEye size={14} />} loading={busy} onClick={() => void reveal()} data-testid="contact-reveal">
          {t('security.reveal')}
        </Button>
      )}
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
}
