import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import './app/global.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { initI18n } from './i18n';
import { App } from './app/App';
import { theme } from './app/theme';

// The desktop CSP forbids eval; tell zod not to try its JIT (it would fall back anyway).
z.config({ jitless: true });

async function boot(): Promise<void> {
  await initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="bottom-right" limit={3} />
        <App />
      </MantineProvider>
    </StrictMode>,
  );
}

void boot();
