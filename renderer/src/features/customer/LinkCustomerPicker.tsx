import { Button, Group, Popover, Select, Stack, Text } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { linkCustomers, searchLinkCandidates } from '../../db';
import { useLiveQuery } from '../../db/hooks';

/** Owners and leads: say that another buyer (usually in another store) is the same person. */
export function LinkCustomerPicker({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const candidates = useLiveQuery(() => (opened ? searchLinkCandidates(cacheDb, customer, query) : Promise.resolve([])), [opened, customer, query], []);
  const options = candidates.map(({ customer: c, store }) => ({
    value: c.id,
    label: `${c.nickname || c.platformUserId} · ${t(`platform.${c.platform}`)} · ${store?.name ?? ''}`,
  }));

  function link(): void {
    if (picked === null) return;
    void linkCustomers(durableDb, customer.id, picked).then(() => {
      syncClient.outboxChanged();
      setOpened(false);
      setPicked(null);
      setQuery('');
      setSearch('');
    });
  }

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" withinPortal shadow="md" width={300} trapFocus>
      <Popover.Target>
        <Button size="compact-xs" variant="subtle" leftSection={<IconLink size={12} />} onClick={() => setOpened((o) => !o)} data-testid="customer-link" style={{ alignSelf: 'flex-start' }}>
          {t('customer.link')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          <Text size="xs" c="dimmed">
            {t('customer.linkHint')}
          </Text>
          <Select
            size="xs"
            searchable
            data-testid="customer-link-search"
            placeholder={t('customer.linkSearch')}
            searchValue={search}
            onSearchChange={(value) => {
              setSearch(value);
              // Picking an option writes its label into the box; that is not a new search.
              if (!options.some((o) => o.label === value)) setQuery(value);
            }}
            value={picked}
            onChange={setPicked}
            filter={({ options }) => options}
            nothingFoundMessage={t('customer.linkNone')}
            comboboxProps={{ withinPortal: false }}
            data={options}
          />
          <Group justify="flex-end">
            <Button size="xs" disabled={picked === null} onClick={link} data-testid="customer-link-submit">
              {t('customer.linkConfirm')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
