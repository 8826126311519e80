import { ScrollArea, Tabs } from '@mantine/core';
import { IconAdjustments, IconHistory, IconList } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionRow } from '../../db';
import { ComplianceEventsPanel } from './ComplianceEventsPanel';
import { ComplianceTermsPanel } from './ComplianceTermsPanel';
import { StoreModesPanel } from './StoreModesPanel';

type ComplianceTab = 'modes' | 'terms' | 'events';

/** The compliance screen: per-store modes, the term list, and (leads and owners) the record of blocks and overrides. */
export function ComplianceScreen({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<ComplianceTab>('modes');
  const mayReadEvents = session.user.role !== 'agent';
  return (
    <Tabs value={tab} onChange={(value) => value && setTab(value as ComplianceTab)} h="100%" style={{ display: 'flex', flexDirection: 'column' }} data-testid="compliance-screen">
      <Tabs.List px="lg" pt="sm">
        <Tabs.Tab value="modes" leftSection={<IconAdjustments size={16} />} data-testid="compliance-tab-modes">
          {t('complianceScreen.modes')}
        </Tabs.Tab>
        <Tabs.Tab value="terms" leftSection={<IconList size={16} />} data-testid="compliance-tab-terms">
          {t('complianceScreen.terms')}
        </Tabs.Tab>
        {mayReadEvents && (
          <Tabs.Tab value="events" leftSection={<IconHistory size={16} />} data-testid="compliance-tab-events">
            {t('complianceScreen.events')}
          </Tabs.Tab>
        )}
      </Tabs.List>
      <ScrollArea style={{ flex: 1 }} type="auto">
        {tab === 'modes' && <StoreModesPanel session={session} />}
        {tab === 'terms' && (
          <div style={{ padding: 'var(--mantine-spacing-lg)' }}>
            <ComplianceTermsPanel session={session} />
          </div>
        )}
        {tab === 'events' && mayReadEvents && (
          <div style={{ padding: 'var(--mantine-spacing-lg)' }}>
            <ComplianceEventsPanel session={session} />
          </div>
        )}
      </ScrollArea>
    </Tabs>
  );
}
