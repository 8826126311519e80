import { Badge, Button, Group, MultiSelect, Popover, SegmentedControl, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowsSort, IconFilter, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CONVERSATION_KINDS, CONVERSATION_STATUSES, PRIORITIES, type ConversationStatus, type Platform } from '../../../../shared';
import { cacheDb } from '../../app/database';
import { INBOX_SORTS, listTags, type InboxFilter, type InboxSort } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { DEFAULT_FILTER, extraFilterCount } from './useInboxFilter';

const STATUS_TABS = [...CONVERSATION_STATUSES, 'all'] as const;
type StatusTab = (typeof STATUS_TABS)[number];

function statusTabOf(filter: InboxFilter): StatusTab | '' {
  if (filter.statuses.length === 0) return 'all';
  if (filter.statuses.length === 1) return filter.statuses[0] ?? '';
  // A saved view with several statuses: no single tab is "the" one.
  return '';
}

interface InboxFilterBarProps {
  filter: InboxFilter;
  onChange: (filter: InboxFilter) => void;
}

/** Status tabs, the narrowing filters (in a popover) and the sort order. */
export function InboxFilterBar({ filter, onChange }: InboxFilterBarProps) {
  const { t } = useTranslation();
  const tab = statusTabOf(filter);
  return (
    <Stack gap={6}>
      <SegmentedControl
        data-testid="inbox-tabs"
        fullWidth
        size="xs"
        value={tab}
        onChange={(value) => {
          const statuses: ConversationStatus[] = value === 'all' ? [] : CONVERSATION_STATUSES.filter((s) => s === value);
          onChange({ ...filter, statuses });
        }}
        data={STATUS_TABS.map((value) => ({ value, label: value === 'all' ? t('inbox.all') : t(`status.${value}`) }))}
      />
      <Group gap={6} justify="space-between" wrap="nowrap">
        <FiltersPopover filter={filter} onChange={onChange} />
        <SegmentedControl
          aria-label={t('filters.sortLabel')}
          data-testid="inbox-sort"
          size="xs"
          value={filter.sort}
          onChange={(value) => onChange({ ...filter, sort: INBOX_SORTS.find((s) => s === value) ?? 'latest' })}
          data={INBOX_SORTS.map((value: InboxSort) => ({
            value,
            label: (
              <Group gap={4} wrap="nowrap" data-sort-option={value}>
                {value === 'waitingLongest' && <IconArrowsSort size={12} />}
                <span>{t(`filters.sort.${value}`)}</span>
              </Group>
            ),
          }))}
        />
      </Group>
    </Stack>
  );
}

function FiltersPopover({ filter, onChange }: InboxFilterBarProps) {
  const { t } = useTranslation();
  const stores = useLiveQuery(() => cacheDb.stores.orderBy('platform').toArray(), [], []);
  const users = useLiveQuery(() => cacheDb.users.toArray(), [], []);
  const tags = useLiveQuery(() => listTags(cacheDb), [], []);
  const platforms = [...new Set(stores.map((s) => s.platform))];
  const count = extraFilterCount(filter);
  const narrowed = count > 0 || filter.assignee !== 'any';

  return (
    <Group gap={4} wrap="nowrap">
      <Popover width={320} position="bottom-start" shadow="md" withinPortal trapFocus>
        <Popover.Target>
          <Button
            size="compact-sm"
            variant={count > 0 ? 'light' : 'default'}
            leftSection={<IconFilter size={14} />}
            data-testid="inbox-filters"
            data-count={count}
            rightSection={count > 0 ? <Badge size="xs" circle>{count}</Badge> : undefined}
          >
            {t('filters.button')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown data-testid="inbox-filters-panel">
          <Stack gap="xs">
            <MultiSelect
              size="xs"
              label={t('filters.channel')}
              placeholder={t('filters.any')}
              data-testid="filter-platforms"
              data={platforms.map((p: Platform) => ({ value: p, label: t(`platform.${p}`) }))}
              value={filter.platforms}
              onChange={(values) => onChange({ ...filter, platforms: platforms.filter((p) => values.includes(p)) })}
              comboboxProps={{ withinPortal: false }}
              clearable
            />
            <MultiSelect
              size="xs"
              label={t('filters.store')}
              placeholder={t('filters.any')}
              data-testid="filter-stores"
              data={stores.map((s) => ({ value: s.id, label: s.name }))}
              value={filter.storeIds}
              onChange={(storeIds) => onChange({ ...filter, storeIds })}
              comboboxProps={{ withinPortal: false }}
              searchable
              clearable
            />
            <MultiSelect
              size="xs"
              label={t('filters.kind')}
              placeholder={t('filters.any')}
              data-testid="filter-kinds"
              data={CONVERSATION_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              value={filter.kinds}
              onChange={(values) => onChange({ ...filter, kinds: CONVERSATION_KINDS.filter((k) => values.includes(k)) })}
              comboboxProps={{ withinPortal: false }}
              clearable
            />
            <Select
              size="xs"
              label={t('filters.assignee')}
              data-testid="filter-assignee"
              data={[
                { value: 'any', label: t('filters.anyone') },
                { value: 'me', label: t('views.mine') },
                { value: 'none', label: t('views.unassigned') },
                ...users.map((u) => ({ value: u.id, label: u.displayName })),
              ]}
              value={filter.assignee}
              onChange={(value) => onChange({ ...filter, assignee: value ?? 'any' })}
              comboboxProps={{ withinPortal: false }}
              allowDeselect={false}
            />
            <MultiSelect
              size="xs"
              label={t('filters.tag')}
              placeholder={tags.length === 0 ? t('filters.noTags') : t('filters.any')}
              data-testid="filter-tags"
              data={tags}
              value={filter.tags}
              onChange={(values) => onChange({ ...filter, tags: values })}
              comboboxProps={{ withinPortal: false }}
              searchable
              clearable
            />
            <MultiSelect
              size="xs"
              label={t('filters.priority')}
              placeholder={t('filters.any')}
              data-testid="filter-priorities"
              data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              value={filter.priorities}
              onChange={(values) => onChange({ ...filter, priorities: PRIORITIES.filter((p) => values.includes(p)) })}
              comboboxProps={{ withinPortal: false }}
              clearable
            />
            <Text size="xs" c="dimmed">
              {t('filters.hint')}
            </Text>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {narrowed && (
        <Tooltip label={t('filters.clear')} withArrow>
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            px={6}
            aria-label={t('filters.clear')}
            data-testid="inbox-filters-clear"
            onClick={() => onChange({ ...DEFAULT_FILTER, statuses: filter.statuses, sort: filter.sort })}
          >
            <IconX size={14} />
          </Button>
        </Tooltip>
      )}
    </Group>
  );
}
