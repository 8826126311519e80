import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { durableDb } from '../../app/database';
import { normaliseServerUrl, rememberServerUrl, resolveServerUrl } from '../../app/serverUrl';
import type { RevocationReason } from '../../../../shared';
import { saveLogin } from '../../db';
import { Brand } from '../shell/Brand';
import { ColorSchemeToggle } from '../shell/ColorSchemeToggle';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { requestLogin, type LoginError } from './authApi';

type FormError = LoginError | 'required' | 'invalidUrl';

interface LoginScreenProps {
  /** The server refused the saved token: say so, and offer the same account again. */
  sessionEnded: boolean;
  /** An owner removed or disabled the account; the cache was wiped. */
  revokedReason?: RevocationReason | null;
  lastServerUrl: string | undefined;
  lastUserName: string;
}

export function LoginScreen({ sessionEnded, revokedReason = null, lastServerUrl, lastUserName }: LoginScreenProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(lastUserName);
  const [password, setPassword] = useState('');
  const [serverUrl, setServerUrl] = useState('');
  const [error, setError] = useState<{ kind: FormError; status: number | null; url: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void resolveServerUrl({
      search: location.search,
      storage: localStorage,
      sessionServerUrl: lastServerUrl,
      desktop: window.huixin,
      envServerUrl: import.meta.env.VITE_HUIXIN_SERVER_URL,
    }).then((url) => {
      if (!cancelled) setServerUrl((current) => current || url);
    });
    return () => {
      cancelled = true;
    };
  }, [lastServerUrl]);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const url = normaliseServerUrl(serverUrl);
    if (!name.trim() || !password) return setError({ kind: 'required', status: null, url: serverUrl });
    if (!url) return setError({ kind: 'invalidUrl', status: null, url: serverUrl });
    setSubmitting(true);
    setError(null);
    try {
      const outcome = await requestLogin(url, name, password);
      if (!outcome.ok) {
        setError({ kind: outcome.error, status: outcome.status, url });
        return;
      }
      rememberServerUrl(localStorage, url);
      // The session row appearing in the cache is what switches the app to the inbox.
      await saveLogin(durableDb, url, outcome.login);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Box h="100%" style={{ background: 'var(--mantine-color-body)', overflow: 'auto' }}>
      <Group justify="flex-end" p="md" gap="sm">
        <LanguageSwitch />
        <ColorSchemeToggle />
      </Group>
      <Center mih="calc(100% - 120px)">
        <Stack w={380} gap="lg" p="md">
          <Stack gap={4} align="center">
            <Brand />
            <Text size="sm" c="dimmed">
              {t('app.tagline')}
            </Text>
          </Stack>
          <Paper withBorder shadow="sm" radius="lg" p="xl">
            <form onSubmit={(e) => void submit(e)} noValidate>
              <Stack gap="md">
                <div>
                  <Title order={3}>{t('login.title')}</Title>
                  <Text size="sm" c="dimmed">
                    {t('login.subtitle')}
                  </Text>
                </div>
                {revokedReason && !error && (
                  <Alert data-testid="login-revoked" data-reason={revokedReason} variant="light" color="orange" icon={<IconAlertCircle size={18} />} p="xs" role="alert">
                    <Text size="sm">{t(`security.revoked.${revokedReason === 'account_removed' ? 'removed' : 'disabled'}`)}</Text>
                  </Alert>
                )}
                {sessionEnded && !revokedReason && !error && (
                  <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
                    <Text size="sm">{t('login.sessionEnded')}</Text>
                  </Alert>
                )}
                {error && (
                  <Alert data-testid="login-error" data-error={error.kind} variant="light" color="red" icon={<IconAlertCircle size={18} />} p="xs" role="alert">
                    <Text size="sm">{t(`login.error.${error.kind}`, { url: error.url, status: error.status ?? '' })}</Text>
                  </Alert>
                )}
                <TextInput
                  data-testid="login-name"
                  label={t('login.name')}
                  placeholder={t('login.namePlaceholder')}
                  autoComplete="username"
                  autoFocus={!lastUserName}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                />
                <PasswordInput
                  data-testid="login-password"
                  label={t('login.password')}
                  autoComplete="current-password"
                  autoFocus={Boolean(lastUserName)}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                <TextInput
                  data-testid="login-server"
                  label={t('login.server')}
                  description={t('login.serverHint')}
                  inputMode="url"
                  spellCheck={false}
                  value={serverUrl}
                  onChange={(e) => setServerUrl(e.currentTarget.value)}
                />
                <Button data-testid="login-submit" type="submit" loading={submitting} fullWidth mt="xs">
                  {t('login.submit')}
                </Button>
              </Stack>
            </form>
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
