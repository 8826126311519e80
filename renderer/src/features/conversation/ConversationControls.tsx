import { ActionIcon, Badge, Button, Group, Menu, Popover, Stack, TagsInput, Text, Tooltip } from '@mantine/core';
import { DatesProvider, DateTimePicker } from '@mantine/dates';
import 'dayjs/locale/zh-cn';
import { IconAlarm, IconFlag, IconLayoutSidebarRight, IconLayoutSidebarRightCollapse, IconUser, IconUserCheck, IconUserX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TAGS, PRIORITIES, tagSchema, type Conversation, type Priority } from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import {
  assignConversation,
  outboxForConversation,
  setConversationPriority,
  snoozeConversation,
  tagConversation,
  withPendingControls,
  type SessionRow,
} from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { setCustomerPanelOpen, useCustomerPanelOpen } from '../customer/customerPanelState';
import { PRIORITY_COLOR } from '../inbox/InboxRow';
import { snoozePresets } from './snoozePresets';

interface ConversationControlsProps {
  conversation: Conversation;
  session: SessionRow;
}

const act = (work: Promise<unknown>) => void work.then(() => syncClient.outboxChanged());

/**
 * The toolbar under the conversation header: assignee, priority, snooze and tags, showing
 * the agent's own changes at once (from the outbox), and the customer panel's toggle.
 */
export function ConversationControls({ conversation: snapshot, session }: ConversationControlsProps) {
  const { t } = useTranslation();
  const pending = useLiveQuery(() => outboxForConversation(cacheDb, snapshot.id), [snapshot.id], []);
  const conversation = withPendingControls(snapshot, pending);
  const panelOpen = useCustomerPanelOpen();

  return (
    <Group
      px="lg"
      py={6}
      gap="xs"
      wrap="nowrap"
      justify="space-between"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid="conversation-controls"
    >
      <Group gap="xs" wrap="nowrap" miw={0} style={{ flex: 1 }}>
        <AssignMenu conversation={conversation} session={session} />
        <PriorityMenu conversation={conversation} />
        <SnoozeMenu conversation={conversation} />
        <TagsEditor conversation={conversation} />
      </Group>
      <Tooltip label={panelOpen ? t('customer.hidePanel') : t('customer.showPanel')} withArrow>
        <ActionIcon
          variant={panelOpen ? 'light' : 'subtle'}
          color="gray"
          aria-label={panelOpen ? t('customer.hidePanel') : t('customer.showPanel')}
          aria-pressed={panelOpen}
          data-testid="customer-panel-toggle"
          onClick={() => setCustomerPanelOpen(!panelOpen)}
        >
          {panelOpen ? <IconLayoutSidebarRightCollapse size={18} /> : <IconLayoutSidebarRight size={18} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function AssignMenu({ conversation, session }: ConversationControlsProps) {
  const { t } = useTranslation();
  const users = useLiveQuery(() => cacheDb.users.toArray(), [], []);
  const assignee = users.find((u) => u.id === conversation.assigneeId);
  // The assignee on screen goes along: a concurrent assignment by someone else wins and we are told.
  const assign = (userId: string | null) => act(assignConversation(durableDb, conversation.id, userId, conversation.assigneeId));
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconUser size={14} />}
          data-testid="conversation-assignee"
          data-assignee-id={conversation.assigneeId ?? ''}
          style={{ flexShrink: 0 }}
        >
          {conversation.assigneeId ? t('conversation.assignee', { name: assignee?.displayName ?? conversation.assigneeId }) : t('conversation.unassigned')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="assign-menu">
        {conversation.assigneeId !== session.user.id && (
          <Menu.Item leftSection={<IconUserCheck size={14} />} onClick={() => assign(session.user.id)} data-testid="assign-me">
            {t('conversation.assignToMe')}
          </Menu.Item>
        )}
        <Menu.Label>{t('controls.assignTo')}</Menu.Label>
        {users
          .filter((u) => u.id !== conversation.assigneeId)
          .map((u) => (
            <Menu.Item key={u.id} onClick={() => assign(u.id)} data-testid="assign-user" data-user-id={u.id}>
              {u.displayName} <Text span size="xs" c="dimmed">· {t(`role.${u.role}`)}</Text>
            </Menu.Item>
          ))}
        {conversation.assigneeId !== null && (
          <>
            <Menu.Divider />
            <Menu.Item leftSection={<IconUserX size={14} />} onClick={() => assign(null)} data-testid="assign-none">
              {t('controls.unassign')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function PriorityMenu({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconFlag size={14} color={`var(--mantine-color-${PRIORITY_COLOR[conversation.priority]}-6)`} />}
          data-testid="conversation-priority"
          data-priority={conversation.priority}
          style={{ flexShrink: 0 }}
        >
          {t(`priority.${conversation.priority}`)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('controls.priority')}</Menu.Label>
        {PRIORITIES.map((priority: Priority) => (
          <Menu.Item
            key={priority}
            leftSection={<IconFlag size={14} color={`var(--mantine-color-${PRIORITY_COLOR[priority]}-6)`} />}
            disabled={priority === conversation.priority}
            onClick={() => act(setConversationPriority(durableDb, conversation.id, priority))}
            data-priority-option={priority}
          >
            {t(`priority.${priority}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function SnoozeMenu({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const [picking, setPicking] = useState(false);
  const [custom, setCustom] = useState<string | null>(null);
  const format = (date: Date) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
  const snooze = (until: Date) => act(snoozeConversation(durableDb, conversation.id, until));
  const snoozed = conversation.status === 'snoozed' && conversation.snoozedUntil !== null;
  const now = new Date();

  return (
    <Popover opened={picking} onChange={setPicking} position="bottom-start" withinPortal shadow="md" trapFocus>
      <Popover.Target>
        <div style={{ flexShrink: 0 }}>
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              {snoozed ? (
                <Badge
                  component="button"
                  size="lg"
                  variant="light"
                  color="violet"
                  leftSection={<IconAlarm size={14} />}
                  style={{ cursor: 'pointer', textTransform: 'none' }}
                  data-testid="snoozed-until"
                  data-until={conversation.snoozedUntil}
                >
                  {t('controls.snoozedUntil', { time: format(new Date(conversation.snoozedUntil ?? '')) })}
                </Badge>
              ) : (
                <Button size="compact-sm" variant="default" leftSection={<IconAlarm size={14} />} data-testid="conversation-snooze">
                  {t('controls.snooze')}
                </Button>
              )}
            </Menu.Target>
            <Menu.Dropdown data-testid="snooze-menu">
              <Menu.Label>{t('controls.snoozeUntil')}</Menu.Label>
              {snoozePresets(now).map(({ preset, until }) => (
                <Menu.Item key={preset} onClick={() => snooze(until)} data-snooze-preset={preset} rightSection={<Text size="xs" c="dimmed">{format(until)}</Text>}>
                  {t(`controls.snoozePreset.${preset}`)}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={() => setPicking(true)} data-snooze-preset="custom">
                {t('controls.snoozeCustom')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </div>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={260}>
          <DatesProvider settings={{ locale: i18n.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en' }}>
          <DateTimePicker
            size="xs"
            label={t('controls.snoozeUntil')}
            value={custom}
            onChange={setCustom}
            minDate={now}
            valueFormat="YYYY-MM-DD HH:mm"
            popoverProps={{ withinPortal: false }}
            data-testid="snooze-datetime"
          />
          </DatesProvider>
          <Button
            size="xs"
            disabled={custom === null || new Date(custom).getTime() <= Date.now()}
            onClick={() => {
              if (custom === null) return;
              snooze(new Date(custom));
              setPicking(false);
              setCustom(null);
            }}
            data-testid="snooze-custom-submit"
          >
            {t('controls.snooze')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function TagsEditor({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  return (
    <TagsInput
      size="xs"
      data-testid="conversation-tags"
      aria-label={t('controls.tags')}
      placeholder={conversation.tags.length === 0 ? t('controls.addTag') : undefined}
      value={conversation.tags}
      maxTags={MAX_TAGS}
      error={error}
      style={{ flex: 1, minWidth: 140, maxWidth: 420 }}
      onChange={(next) => {
        const parsed = next.map((tag) => tagSchema.safeParse(tag));
        if (parsed.some((p) => !p.success)) {
          setError(t('controls.badTag'));
          return;
        }
        setError(null);
        const tags = parsed.flatMap((p) => (p.success ? [p.data] : []));
        const add = tags.filter((tag) => !conversation.tags.includes(tag));
        const remove = conversation.tags.filter((tag) => !tags.includes(tag));
        if (add.length > 0 || remove.length > 0) act(tagConversation(durableDb, conversation.id, { add, remove }));
      }}
    />
  );
}
