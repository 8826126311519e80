import { Alert, Button, Group, NumberInput, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSIGNMENT_MODES, type AssignmentSettings } from '../../../../shared';
import type { SessionRow } from '../../db';
import { AdminApiError, fetchAssignment, saveAssignment } from './adminApi';

/** Leads and owners: how new conversations find an agent (off, round-robin, load-balanced) and the cap. */
export function AssignmentSettingsCard({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<AssignmentSettings | null>(null);
  const [saved, setSaved] = useState<AssignmentSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetchAssignment(session)
      .then((value) => {
        if (cancelled) return;
        setSettings(value);
        setSaved(value);
      })
      .catch((err: unknown) => !cancelled && setProblem(err instanceof AdminApiError && err.status === null ? t('admin.unreachable') : String(err)));
    return () => {
      cancelled = true;
    };
  }, [session, t]);

  async function save(): Promise<void> {
    if (!settings) return;
    setBusy(true);
    setProblem(null);
    try {
      const value = await saveAssignment(session, settings);
      setSettings(value);
      setSaved(value);
      notifications.show({ color: 'teal', message: t('admin.assignment.saved') });
    } catch (err) {
      setProblem(err instanceof AdminApiError ? (err.status === null ? t('admin.unreachable') : err.message) : String(err));
    } finally {
      setBusy(false);
    }
  }

  const dirty = settings !== null && saved !== null && (settings.mode !== saved.mode || settings.cap !== saved.cap);

  return (
    <Paper withBorder radius="md" p="md" data-testid="assignment-settings" data-mode={saved?.mode ?? ''}>
      <Stack gap="sm">
        <div>
          <Title order={5}>{t('admin.assignment.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('admin.assignment.hint')}
          </Text>
        </div>
        {problem && (
          <Alert color="red" variant="light" p={8}>
            {problem}
          </Alert>
        )}
        {settings && (
          <>
            <SegmentedControl
              data-testid="assignment-mode"
              value={settings.mode}
              onChange={(value) => setSettings({ ...settings, mode: ASSIGNMENT_MODES.find((m) => m === value) ?? settings.mode })}
              data={ASSIGNMENT_MODES.map((mode) => ({ value: mode, label: t(`admin.assignment.mode.${mode}`) }))}
            />
            <Text size="xs" c="dimmed">
              {t(`admin.assignment.modeHint.${settings.mode}`)}
            </Text>
            <Group align="flex-end" gap="sm">
              <NumberInput
                label={t('admin.assignment.cap')}
                description={t('admin.assignment.capHint')}
                data-testid="assignment-cap"
                min={1}
                max={1000}
                clampBehavior="strict"
                allowDecimal={false}
                value={settings.cap}
                onChange={(value) => typeof value === 'number' && setSettings({ ...settings, cap: value })}
                disabled={settings.mode === 'off'}
                w={220}
              />
              <Button onClick={() => void save()} loading={busy} disabled={!dirty} data-testid="assignment-save">
                {t('admin.save')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
