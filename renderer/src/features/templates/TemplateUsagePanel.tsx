import { ActionIcon, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store, TemplateUsage } from '../../../../shared';
import type { SessionRow } from '../../db';
import { fetchTemplateUsage } from './adminApi';
import { ReportStatus } from './ReportStatus';
import { usageByAgent } from './templateFiles';
import { useServerReport } from './useServerReport';

/**
 * Leads and owners: how the team and store quick replies are used: the most used, who
 * uses what, and the never used (candidates to fix or delete). Personal quick replies
 * are private and not counted here. Online only.
 */
export function TemplateUsagePanel({ session, stores }: { session: SessionRow; stores: readonly Store[] }) {
  const { t, i18n } = useTranslation();
  const { state, reload } = useServerReport(() => fetchTemplateUsage(session), [session.token]);
  const agents = useMemo(() => (state.status === 'ready' ? usageByAgent(state.data) : []), [state]);
  const [showAll, setShowAll] = useState(false);
  // The server's most-used list is the top ten; "show all" lists every used one, most used first.
  const used = state.status === 'ready' ? state.data.templates.filter((u) => u.count > 0).sort((a, b) => b.count - a.count) : [];
  const usedShown = showAll ? used : state.status === 'ready' ? state.data.mostUsed : [];
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const whereUsed = (usage: TemplateUsage) =>
    usage.scope === 'store' ? (stores.find((s) => s.id === usage.storeId)?.name ?? usage.storeId ?? '') : t(`templates.scope.${usage.scope}`);

  return (
    <Stack gap="lg" data-testid="template-usage" data-state={state.status}>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={560}>
          {t('templateUsage.hint')}
        </Text>
        <Tooltip label={t('reports.refresh')} withArrow>
          <ActionIcon variant="subtle" color="gray" aria-label={t('reports.refresh')} onClick={reload} data-testid="template-usage-refresh">
            <IconRefresh size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <ReportStatus state={state} onRetry={reload} />
      {state.status === 'ready' && (
        <>
          <Stack gap={6}>
            <Title order={5}>{t('templateUsage.mostUsed')}</Title>
            {state.data.mostUsed.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('templateUsage.noneUsed')}
              </Text>
            ) : (
              <Table striped withTableBorder verticalSpacing={6} data-testid="usage-most-used">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('templateUsage.template')}</Table.Th>
                    <Table.Th>{t('templateUsage.sharedWith')}</Table.Th>
                    <Table.Th ta="right">{t('templateUsage.uses')}</Table.Th>
                    <Table.Th>{t('templateUsage.lastUsed')}</Table.Th>
                    <Table.Th>{t('templateUsage.byAgent')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {usedShown.map((usage) => (
                    <Table.Tr key={usage.templateId} data-testid="usage-row" data-shortcut={usage.shortcut} data-count={usage.count}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" ff="monospace" c="brand" fw={600}>
                            /{usage.shortcut}
                          </Text>
                          <Text size="sm" truncate="end" maw={220}>
                            {usage.title}
                          </Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{whereUsed(usage)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" fw={600}>
                          {usage.count}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {usage.lastUsedAt ? dateFormat.format(new Date(usage.lastUsedAt)) : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {usage.byAgent.map((a) => `${a.name} ${a.count}`).join(' · ')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {used.length > state.data.mostUsed.length && (
              <Button variant="subtle" size="xs" onClick={() => setShowAll((v) => !v)} style={{ alignSelf: 'flex-start' }} data-testid="usage-show-all">
                {showAll ? t('templateUsage.showTop') : t('templateUsage.showAll', { count: used.length })}
              </Button>
            )}
          </Stack>

          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Stack gap={6}>
              <Title order={5}>{t('templateUsage.perAgent')}</Title>
              {agents.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('templateUsage.noneUsed')}
                </Text>
              ) : (
                <Table withTableBorder verticalSpacing={6} data-testid="usage-per-agent">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('templateUsage.agent')}</Table.Th>
                      <Table.Th ta="right">{t('templateUsage.uses')}</Table.Th>
                      <Table.Th ta="right">{t('templateUsage.distinct')}</Table.Th>
                      <Table.Th>{t('templateUsage.favourite')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {agents.map((agent) => (
                      <Table.Tr key={agent.userId} data-testid="usage-agent" data-user-id={agent.userId} data-count={agent.total}>
                        <Table.Td>
                          <Text size="sm">{agent.name}</Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm" fw={600}>
                            {agent.total}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          <Text size="sm">{agent.templates}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" ff="monospace" c="brand">
                            {agent.favourite ? `/${agent.favourite}` : '—'}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
            <Stack gap={6}>
              <Group gap={8}>
                <Title order={5}>{t('templateUsage.neverUsed')}</Title>
                <Badge variant="light" color="gray">
                  {state.data.neverUsed.length}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {t('templateUsage.neverUsedHint')}
              </Text>
              <Paper withBorder radius="md" p={0} data-testid="usage-never-used">
                {state.data.neverUsed.length === 0 ? (
                  <Text size="sm" c="dimmed" p="sm">
                    {t('templateUsage.allUsed')}
                  </Text>
                ) : (
                  state.data.neverUsed.map((usage, index) => (
                    <Group
                      key={usage.templateId}
                      gap={6}
                      px="sm"
                      py={6}
                      wrap="nowrap"
                      data-testid="usage-never-row"
                      data-shortcut={usage.shortcut}
                      style={index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
                    >
                      <Text size="sm" ff="monospace" c="brand" fw={600}>
                        /{usage.shortcut}
                      </Text>
                      <Text size="sm" truncate="end" style={{ flex: 1 }}>
                        {usage.title}
                      </Text>
                      <Badge size="xs" variant="light" tt="none" color={usage.scope === 'team' ? 'brand' : 'indigo'}>
                        {whereUsed(usage)}
                      </Badge>
                    </Group>
                  ))
                )}
              </Paper>
            </Stack>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
