import { Box, Center, Stack, Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxFilter, InboxItem } from '../../db';
import { InboxFilterBar } from './InboxFilterBar';
import { InboxRow } from './InboxRow';
import { InboxViews } from './InboxViews';
import { useNow } from './useNow';

const ROW_HEIGHT = 82;

interface InboxPanelProps {
  userId: string;
  filter: InboxFilter;
  onFilterChange: (filter: InboxFilter) => void;
  items: InboxItem[] | undefined;
  highlightedId: string | null;
  openId: string | null;
  onOpen: (id: string) => void;
}

export function InboxPanel({ userId, filter, onFilterChange, items, highlightedId, openId, onOpen }: InboxPanelProps) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const list = items ?? [];
  const virtualizer = useVirtualizer({
    count: list.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => list[index]?.conversation.id ?? index,
  });

  // Keep the keyboard selection in view.
  const highlightedIndex = highlightedId === null ? -1 : list.findIndex((i) => i.conversation.id === highlightedId);
  useEffect(() => {
    if (highlightedIndex >= 0) virtualizer.scrollToIndex(highlightedIndex, { align: 'auto' });
  }, [highlightedIndex, virtualizer]);

  return (
    <Stack gap={0} h="100%">
      <Box p="sm" pb={8} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Stack gap={6}>
          <InboxViews userId={userId} filter={filter} onChange={onFilterChange} />
          <InboxFilterBar filter={filter} onChange={onFilterChange} />
        </Stack>
        <Text size="xs" c="dimmed" mt={6} data-testid="inbox-count">
          {t('inbox.count', { count: list.length })}
        </Text>
      </Box>
      <div ref={scrollRef} data-testid="inbox-list" role="list" style={{ flex: 1, overflowY: 'auto', minHeight: 0 }}>
        {items !== undefined && list.length === 0 ? (
          <Center h="100%" p="xl">
            <Stack align="center" gap={6}>
              <IconInbox size={36} stroke={1.3} color="var(--mantine-color-dimmed)" />
              <Text fw={500}>{t('inbox.empty')}</Text>
              <Text size="sm" c="dimmed" ta="center">
                {t('inbox.emptyHint')}
              </Text>
            </Stack>
          </Center>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = list[row.index];
              if (!item) return null;
              return (
                <div key={row.key} role="listitem" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: row.size, transform: `translateY(${row.start}px)` }}>
                  <InboxRow item={item} now={now} highlighted={item.conversation.id === highlightedId} open={item.conversation.id === openId} showStatus={filter.statuses.length !== 1} onOpen={onOpen} />
                </div>
              );
            })}
          </div>
        )}
      </div>
      <Text size="xs" c="dimmed" px="sm" py={6} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        {t('inbox.keyboardHint')}
      </Text>
    </Stack>
  );
}
