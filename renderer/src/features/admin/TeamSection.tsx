import { ActionIcon, Alert, Badge, Button, Group, Modal, MultiSelect, Paper, Stack, Switch, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconPlayerPlay, IconPlayerPause, IconPlus, IconUserMinus } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberState, TeamMember } from '../../../../shared';
import { cacheDb } from '../../app/database';
import type { SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { AdminApiError } from './adminApi';
import { MemberFormModal } from './MemberFormModal';
import { disableMember, enableMember, fetchMembers, setMemberReveal, setMemberStores } from './teamApi';

const STATE_COLOR: Record<MemberState, string> = { active: 'teal', disabled: 'orange', removed: 'gray' };

type Pending = { member: TeamMember; action: 'disable' | 'remove' };

/**
 * The team: who works here, in which role, on which stores, and who may reveal buyers'
 * personal data. Leads see it; owners change it. Online only — every change is a request
 * to the server, which audits it and applies it to connected apps at once.
 */
export function TeamSection({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const owner = session.user.role === 'owner';
  const [members, setMembers] = useState<TeamMember[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const cachedStores = useLiveQuery(() => cacheDb.stores.toArray(), []);
  const storeOptions = useMemo(
    () => (cachedStores ?? []).map((store) => ({ value: store.id, label: `${store.name} · ${t(`platform.${store.platform}`)}` })).sort((a, b) => a.label.localeCompare(b.label)),
    [cachedStores, t],
  );
  const storeName = (id: string) => cachedStores?.find((store) => store.id === id)?.name ?? id;

  const explain = useCallback((err: unknown) => setProblem(err instanceof AdminApiError && err.status === null ? t('admin.team.offline') : err instanceof Error ? err.message : String(err)), [t]);
  const reload = useCallback(() => {
    fetchMembers(session)
      .then((list) => {
        setMembers(list);
        setProblem(null);
      })
      .catch(explain);
  }, [session, explain]);
  useEffect(reload, [reload]);

  const replace = (member: TeamMember) => setMembers((current) => current?.map((m) => (m.id === member.id ? member : m)) ?? null);
  const change = (work: Promise<TeamMember>) => {
    setProblem(null);
    work.then(replace).catch(explain);
  };

  async function confirm(): Promise<void> {
    if (!pending) return;
    setBusy(true);
    try {
      await disableMember(session, pending.member.id, pending.action === 'remove');
      setPending(null);
      reload();
    } catch (err) {
      explain(err);
      setPending(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder radius="md" p="md" data-testid="team-admin">
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <div>
          <Title order={5}>{t('admin.team.title')}</Title>
          <Text size="sm" c="dimmed">
            {owner ? t('admin.team.hint') : t('admin.team.hintLead')}
          </Text>
        </div>
        {owner && (
          <Button leftSection={<IconPlus size={16} />} style={{ flexShrink: 0 }} data-testid="member-add" onClick={() => setFormOpen(true)}>
            {t('admin.team.add')}
          </Button>
        )}
      </Group>
      {problem && (
        <Alert color="red" variant="light" p={8} mb="sm" data-testid="team-problem" withCloseButton onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.team.member')}</Table.Th>
            <Table.Th>{t('admin.team.role')}</Table.Th>
            <Table.Th>{t('admin.team.state')}</Table.Th>
            <Table.Th>{t('admin.team.stores')}</Table.Th>
            <Table.Th>{t('admin.team.reveal')}</Table.Th>
            {owner && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members?.map((member) => {
            const self = member.id === session.user.id;
            const editable = owner && member.role === 'agent' && member.state !== 'removed';
            return (
              <Table.Tr key={member.id} data-testid="team-member" data-name={member.name} data-state={member.state} data-role={member.role}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {member.displayName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {member.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`role.${member.role}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[member.state]} variant="light" style={{ textTransform: 'none' }} data-testid="member-state">
                    {t(`admin.team.stateName.${member.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td miw={240} maw={380}>
                  {member.role !== 'agent' ? (
                    <Badge color="blue" variant="light" style={{ textTransform: 'none' }}>
                      {t('admin.team.allStores')}
                    </Badge>
                  ) : editable ? (
                    <MultiSelect
                      size="xs"
                      aria-label={t('admin.team.storesOf', { name: member.displayName })}
                      data-testid="member-store-select"
                      data={storeOptions}
                      value={member.storeIds}
                      placeholder={member.storeIds.length === 0 ? t('admin.team.noStores') : undefined}
                      onChange={(storeIds) => change(setMemberStores(session, member.id, storeIds))}
                      searchable
                    />
                  ) : (
                    <Group gap={4}>
                      {member.storeIds.length === 0 && (
                        <Text size="xs" c="dimmed">
                          {t('admin.team.noStores')}
                        </Text>
                      )}
                      {member.storeIds.map((id) => (
                        <Badge key={id} variant="outline" color="gray" style={{ textTransform: 'none' }} data-testid="member-store-chip">
                          {storeName(id)}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={t('admin.team.revealOf', { name: member.displayName })}
                    data-testid="member-reveal"
                    checked={member.canRevealPii}
                    disabled={!editable}
                    onChange={(event) => change(setMemberReveal(session, member.id, event.currentTarget.checked))}
                  />
                </Table.Td>
                {owner && (
                  <Table.Td>
                    {!self && member.state !== 'removed' && (
                      <Group gap={4} wrap="nowrap">
                        {member.state === 'active' ? (
                          <Tooltip label={t('admin.team.disable')} withArrow>
                            <ActionIcon variant="subtle" color="orange" aria-label={t('admin.team.disable')} data-testid="member-disable" onClick={() => setPending({ member, action: 'disable' })}>
                              <IconPlayerPause size={16} />
                            </ActionIcon>
                          </Tooltip>
                        ) : (
                          <Tooltip label={t('admin.team.enable')} withArrow>
                            <ActionIcon variant="subtle" color="teal" aria-label={t('admin.team.enable')} data-testid="member-enable" onClick={() => change(enableMember(session, member.id))}>
                              <IconPlayerPlay size={16} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                        <Tooltip label={t('admin.team.remove')} withArrow>
                          <ActionIcon variant="subtle" color="red" aria-label={t('admin.team.remove')} data-testid="member-remove" onClick={() => setPending({ member, action: 'remove' })}>
                            <IconUserMinus size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <MemberFormModal
        session={session}
        stores={storeOptions}
        opened={formOpen}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          reload();
        }}
      />
      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? t(pending.action === 'remove' ? 'admin.team.removeTitle' : 'admin.team.disableTitle', { name: pending.member.displayName }) : ''}
        data-testid="member-confirm"
      >
        {pending && (
          <Stack gap="sm">
            <Text size="sm">{t(pending.action === 'remove' ? 'admin.team.removeExplain' : 'admin.team.disableExplain', { name: pending.member.displayName })}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>
                {t('admin.cancel')}
              </Button>
              <Button color={pending.action === 'remove' ? 'red' : 'orange'} loading={busy} onClick={() => void confirm()} data-testid="member-confirm-ok">
                {t(pending.action === 'remove' ? 'admin.team.remove' : 'admin.team.disable')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
