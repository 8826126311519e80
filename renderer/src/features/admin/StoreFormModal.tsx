import { Alert, Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CURRENCIES, type AdminStore, type Currency, type Platform, type PlatformForm } from '../../../../shared';
import type { SessionRow } from '../../db';
import { AdminApiError, createStore, updateStore } from './adminApi';

interface StoreFormModalProps {
  session: SessionRow;
  platforms: PlatformForm[];
  /** null: add a store; else edit this one. */
  editing: AdminStore | null;
  opened: boolean;
  onClose: () => void;
  onSaved: (store: AdminStore) => void;
}

/**
 * Add or edit a store. Credential fields come from the platform's connector (GET
 * /api/stores/platforms) and are write-only: never prefilled; on edit, a blank field
 * keeps the stored value. The server's per-field errors show beside the fields.
 */
export function StoreFormModal({ session, platforms, editing, opened, onClose, onSaved }: StoreFormModalProps) {
  const { t } = useTranslation();
  const [platform, setPlatform] = useState<Platform | null>(null);
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState<Currency>('CNY');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setPlatform(editing?.platform ?? null);
    setName(editing?.name ?? '');
    setCurrency(editing?.currency ?? 'CNY');
    setCredentials({});
    setErrors({});
    setProblem(null);
  }, [opened, editing]);

  const form = platforms.find((p) => p.platform === platform);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!platform) {
      setErrors({ platform: t('admin.store.pickPlatform') });
      return;
    }
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      const saved = editing
        ? await updateStore(session, editing.id, { name, currency, credentials })
        : await createStore(session, { platform, name, currency, credentials });
      onSaved(saved);
    } catch (err) {
      if (err instanceof AdminApiError) {
        setErrors(localizedFieldErrors(err.fieldErrors, { name, credentials }, t('admin.store.required')));
        const hasFieldErrors = Object.keys(err.fieldErrors).length > 0;
        setProblem(err.status === null ? t('admin.unreachable') : hasFieldErrors ? t('admin.store.fixFields') : err.message);
      } else {
        setProblem(String(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={editing ? t('admin.store.editTitle', { name: editing.name }) : t('admin.store.addTitle')} size="lg" data-testid="store-form">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          {problem && (
            <Alert color="red" variant="light" p={8} data-testid="store-form-problem">
              {problem}
            </Alert>
          )}
          <Select
            label={t('admin.store.platform')}
            data-testid="store-platform"
            disabled={editing !== null}
            value={platform}
            onChange={(value) => {
              setPlatform(platforms.find((p) => p.platform === value)?.platform ?? null);
              setCredentials({});
            }}
            data={platforms.map((p) => ({
              value: p.platform,
              label: p.hasConnector ? t(`platform.${p.platform}`) : t('admin.store.noConnector', { platform: t(`platform.${p.platform}`) }),
              disabled: !p.hasConnector,
            }))}
            error={errors.platform}
            allowDeselect={false}
            required
          />
          <Group grow align="flex-start">
            <TextInput label={t('admin.store.name')} data-testid="store-name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} maxLength={200} required />
            <Select
              label={t('admin.store.currency')}
              data-testid="store-currency"
              value={currency}
              onChange={(value) => setCurrency(CURRENCIES.find((c) => c === value) ?? currency)}
              data={[...CURRENCIES]}
              error={errors.currency}
              allowDeselect={false}
            />
          </Group>
          {form && form.fields.length > 0 && (
            <Stack gap="xs" data-testid="store-credentials">
              <Text size="sm" fw={500}>
                {t('admin.store.credentials')}
              </Text>
              <Text size="xs" c="dimmed">
                {editing ? t('admin.store.credentialsKeep') : t('admin.store.credentialsHint')}
              </Text>
              {form.fields.map((field) => {
                const Input = field.secret ? PasswordInput : TextInput;
                const stored = editing?.credentialFields.includes(field.name) ?? false;
                return (
                  <Input
                    key={field.name}
                    label={field.name}
                    data-testid="store-credential"
                    data-field={field.name}
                    autoComplete="off"
                    required={field.required && !stored}
                    placeholder={stored ? t('admin.store.storedValue') : undefined}
                    value={credentials[field.name] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setCredentials((current) => ({ ...current, [field.name]: value }));
                    }}
                    error={errors[`credentials.${field.name}`]}
                    errorProps={{ 'data-testid': 'store-field-error', 'data-field': field.name }}
                  />
                );
              })}
              {errors.credentials && (
                <Text size="xs" c="red">
                  {errors.credentials}
                </Text>
              )}
            </Stack>
          )}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              {t('admin.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="store-save">
              {editing ? t('admin.save') : t('admin.store.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The server's per-field messages are zod's English; a field left empty gets the plain
 * localized "required" instead, other messages (format problems) are shown as they come.
 */
function localizedFieldErrors(
  errors: Record<string, string>,
  values: { name: string; credentials: Record<string, string> },
  required: string,
): Record<string, string> {
  const empty = (key: string): boolean => {
    if (key === 'name') return values.name.trim() === '';
    if (key.startsWith('credentials.')) return (values.credentials[key.slice('credentials.'.length)] ?? '').trim() === '';
    return false;
  };
  return Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, empty(key) ? required : message]));
}
