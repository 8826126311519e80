import { ActionIcon, Badge, Button, Group, Menu, Popover, ScrollArea, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconBookmarkPlus, IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cacheDb, durableDb } from '../../app/database';
import { countUnreadPerView, deleteSavedView, listSavedViews, renameSavedView, saveView, type InboxFilter, type SavedViewRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { syncClient } from '../../app/syncClient';
import { sameFilter } from './useInboxFilter';

/** The quick views narrow by assignee and keep the rest of the current filter. */
const QUICK_ASSIGNEES = [
  { id: 'all', assignee: 'any' },
  { id: 'mine', assignee: 'me' },
  { id: 'unassigned', assignee: 'none' },
] as const;

interface InboxViewsProps {
  userId: string;
  filter: InboxFilter;
  onChange: (filter: InboxFilter) => void;
}

/**
 * Quick views (All / Mine / Unassigned) and the agent's saved views, each with its unread
 * count. A saved view is the whole filter; it shows as active while the filter equals it.
 */
export function InboxViews({ userId, filter, onChange }: InboxViewsProps) {
  const { t } = useTranslation();
  const saved = useLiveQuery(() => listSavedViews(cacheDb, userId), [userId], []);
  const quick = QUICK_ASSIGNEES.map((q) => ({ id: q.id, filter: { ...filter, assignee: q.assignee } as InboxFilter }));
  const counts = useLiveQuery(
    () => countUnreadPerView(cacheDb, [...quick, ...saved.map((v) => ({ id: v.id, filter: v.filter }))], userId),
    // The quick views depend on the current filter; the saved ones on their rows.
    [userId, JSON.stringify(filter), saved],
    {} as Record<string, number>,
  );
  const quickValue = QUICK_ASSIGNEES.find((q) => q.assignee === filter.assignee)?.id ?? '';

  return (
    <Stack gap={6}>
      <SegmentedControl
        data-testid="quick-views"
        fullWidth
        size="xs"
        value={quickValue}
        onChange={(value) => {
          const q = QUICK_ASSIGNEES.find((x) => x.id === value);
          if (q) onChange({ ...filter, assignee: q.assignee });
        }}
        data={QUICK_ASSIGNEES.map((q) => ({
          value: q.id,
          label: (
            <Group gap={4} justify="center" wrap="nowrap" data-view={q.id}>
              <span>{t(`views.${q.id}`)}</span>
              {(counts[q.id] ?? 0) > 0 && (
                <Badge size="xs" variant="filled" color="red" circle={(counts[q.id] ?? 0) < 10} data-testid="view-unread">
                  {counts[q.id]}
                </Badge>
              )}
            </Group>
          ),
        }))}
      />
      <ScrollArea type="never" offsetScrollbars={false}>
        <Group gap={4} wrap="nowrap" data-testid="saved-views">
          {saved.map((view) => (
            <SavedViewChip key={view.id} userId={userId} view={view} unread={counts[view.id] ?? 0} active={sameFilter(view.filter, filter)} onApply={() => onChange(view.filter)} />
          ))}
          <SaveViewButton userId={userId} filter={filter} hasViews={saved.length > 0} />
        </Group>
      </ScrollArea>
    </Stack>
  );
}

/** Saved views sync through the outbox: queue, then tell the sync worker to send. */
const queued = (work: Promise<unknown>): Promise<void> => work.then(() => syncClient.outboxChanged());

function SavedViewChip({ userId, view, unread, active, onApply }: { userId: string; view: SavedViewRow; unread: number; active: boolean; onApply: () => void }) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(view.name);

  function rename(event: FormEvent): void {
    event.preventDefault();
    if (name.trim() === '') return;
    void queued(renameSavedView(durableDb, userId, view.id, name)).then(() => setRenaming(false));
  }

  return (
    <Popover opened={renaming} onChange={setRenaming} position="bottom-start" withinPortal trapFocus shadow="md">
      <Popover.Target>
        <Group gap={0} wrap="nowrap" data-testid="saved-view" data-view-name={view.name} data-active={active} data-unread={unread}>
          <Button
            size="compact-xs"
            variant={active ? 'filled' : 'light'}
            color={active ? undefined : 'gray'}
            onClick={onApply}
            data-testid="saved-view-apply"
            style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
            rightSection={
              unread > 0 ? (
                <Badge size="xs" color="red" variant="filled" data-testid="saved-view-unread">
                  {unread}
                </Badge>
              ) : undefined
            }
          >
            {view.name}
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                size={22}
                variant={active ? 'filled' : 'light'}
                color={active ? undefined : 'gray'}
                aria-label={t('views.actions', { name: view.name })}
                data-testid="saved-view-menu"
                style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0 }}
              >
                <IconDots size={12} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(true)} data-testid="saved-view-rename">
                {t('views.rename')}
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void queued(deleteSavedView(durableDb, view.id))} data-testid="saved-view-delete">
                {t('views.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={rename}>
          <Group gap={6} wrap="nowrap">
            <TextInput size="xs" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={60} aria-label={t('views.name')} data-testid="saved-view-name" data-autofocus />
            <Button size="xs" type="submit" disabled={name.trim() === ''}>
              {t('views.saveName')}
            </Button>
          </Group>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

function SaveViewButton({ userId, filter, hasViews }: { userId: string; filter: InboxFilter; hasViews: boolean }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');

  function save(event: FormEvent): void {
    event.preventDefault();
    if (name.trim() === '') return;
    void queued(saveView(durableDb, userId, name, filter)).then(() => {
      setName('');
      setOpened(false);
    });
  }

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" withinPortal trapFocus shadow="md">
      <Popover.Target>
        <Button size="compact-xs" variant="subtle" leftSection={<IconBookmarkPlus size={14} />} onClick={() => setOpened((o) => !o)} data-testid="save-view">
          {hasViews ? t('views.saveShort') : t('views.save')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={save}>
          <Stack gap={6}>
            <Text size="xs" c="dimmed">
              {t('views.saveHint')}
            </Text>
            <Group gap={6} wrap="nowrap">
              <TextInput
                size="xs"
                placeholder={t('views.namePlaceholder')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                maxLength={60}
                aria-label={t('views.name')}
                data-testid="save-view-name"
                data-autofocus
              />
              <Button size="xs" type="submit" disabled={name.trim() === ''} data-testid="save-view-submit">
                {t('views.saveName')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
