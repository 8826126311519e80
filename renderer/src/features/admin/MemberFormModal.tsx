import { Alert, Button, Group, Modal, MultiSelect, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../../../shared';
import type { SessionRow } from '../../db';
import { AdminApiError } from './adminApi';
import { addMember } from './teamApi';

interface MemberFormModalProps {
  session: SessionRow;
  stores: Array<{ value: string; label: string }>;
  opened: boolean;
  onClose: () => void;
  onSaved: (member: TeamMember) => void;
}

/** Add an agent or lead. The server checks every field (same rules as the admin CLI); its errors show beside the inputs. */
export function MemberFormModal({ session, stores, opened, onClose, onSaved }: MemberFormModalProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<'agent' | 'lead'>('agent');
  const [password, setPassword] = useState('');
  const [storeIds, setStoreIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setName('');
    setDisplayName('');
    setRole('agent');
    setPassword('');
    setStoreIds([]);
    setErrors({});
    setProblem(null);
  }, [opened]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      onSaved(await addMember(session, { name, displayName: displayName.trim() || undefined, role, password, storeIds: role === 'agent' ? storeIds : [] }));
    } catch (err) {
      if (err instanceof AdminApiError) {
        setErrors(localizedErrors(err.fieldErrors, { name, password }, t));
        const hasFieldErrors = Object.keys(err.fieldErrors).some((key) => key !== '_');
        setProblem(err.status === null ? t('admin.unreachable') : hasFieldErrors ? t('admin.store.fixFields') : err.message);
      } else {
        setProblem(String(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('admin.team.addTitle')} size="md" data-testid="member-form">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          {problem && (
            <Alert color="red" variant="light" p={8} data-testid="member-form-problem">
              {problem}
            </Alert>
          )}
          <TextInput
            label={t('admin.team.loginName')}
            description={t('admin.team.loginNameHint')}
            data-testid="member-name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            errorProps={{ 'data-testid': 'member-field-error', 'data-field': 'name' }}
            maxLength={64}
            autoComplete="off"
            required
          />
          <TextInput label={t('admin.team.displayName')} data-testid="member-display-name" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={errors.displayName} maxLength={128} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('admin.team.role')}
            </Text>
            <SegmentedControl
              data-testid="member-role"
              value={role}
              onChange={(value) => setRole(value === 'lead' ? 'lead' : 'agent')}
              data={[
                { value: 'agent', label: t('role.agent') },
                { value: 'lead', label: t('role.lead') },
              ]}
            />
          </Stack>
          <PasswordInput
            label={t('admin.team.password')}
            description={t('admin.team.passwordHint')}
            data-testid="member-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            errorProps={{ 'data-testid': 'member-field-error', 'data-field': 'password' }}
            autoComplete="new-password"
            required
          />
          {role === 'agent' ? (
            <MultiSelect
              label={t('admin.team.stores')}
              placeholder={storeIds.length === 0 ? t('admin.team.pickStores') : undefined}
              data-testid="member-stores"
              data={stores}
              value={storeIds}
              onChange={setStoreIds}
              error={errors.storeIds}
              searchable
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('admin.team.leadSeesAll')}
            </Text>
          )}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('admin.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="member-save">
              {t('admin.team.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The server speaks zod's English: the fields a user most often gets wrong get a localized message instead. */
function localizedErrors(errors: Record<string, string>, values: { name: string; password: string }, t: (key: string) => string): Record<string, string> {
  const out: Record<string, string> = { ...errors };
  if (errors.name) {
    if (values.name.trim() === '') out.name = t('admin.store.required');
    else if (/\s/.test(values.name.trim())) out.name = t('admin.team.nameNoSpaces');
    else if (errors.name.includes('already exists')) out.name = t('admin.team.nameTaken');
  }
  if (errors.password) out.password = t('admin.team.passwordShort');
  return out;
}
