import { ActionIcon, Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconEdit, IconPlus, IconPower, IconSearch, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_COMPLIANCE_TERMS,
  foldTerm,
  pickLocalized,
  type ComplianceTerm,
  type ComplianceTermContent,
} from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { deleteComplianceTerm, loadCustomTerms, saveComplianceTerm, type SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { PlatformBadge } from '../inbox/PlatformBadge';
import { ComplianceTermEditor } from './ComplianceTermEditor';
import { listComplianceTerms, type TermOrigin } from './termList';
import { byStoreName } from '../templates/templateFiles';

type Editing = { term: ComplianceTerm | null; builtIn: boolean } | null;

const ORIGIN_COLOR: Record<TermOrigin, string> = { builtIn: 'gray', builtInChanged: 'blue', custom: 'grape' };
const defaultById = new Map(DEFAULT_COMPLIANCE_TERMS.map((t) => [t.id, t]));

/**
 * The compliance term list: every term in force (or those of one store), where each
 * applies, why, and what to write instead. Owners add, change and delete terms and
 * switch built-in terms off and on; every change goes through the outbox (offline-safe).
 */
export function ComplianceTermsPanel({ session }: { session: SessionRow }) {
  const { t, i18n } = useTranslation();
  const isOwner = session.user.role === 'owner';
  const [storeId, setStoreId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const stores = useLiveQuery(async () => byStoreName(await cacheDb.stores.toArray()), [], []);
  const custom = useLiveQuery(() => loadCustomTerms(cacheDb), [], []);
  const store = stores.find((s) => s.id === storeId) ?? null;
  const list = useMemo(() => listComplianceTerms(DEFAULT_COMPLIANCE_TERMS, custom, store), [custom, store]);
  const folded = foldTerm(query);
  const rows = folded ? list.active.filter((row) => foldTerm(row.term.term).includes(folded)) : list.active;
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id;

  async function save(id: string | null, term: ComplianceTermContent): Promise<void> {
    await saveComplianceTerm(durableDb, id, term);
    syncClient.outboxChanged();
  }
  async function remove(term: ComplianceTerm, builtIn: boolean): Promise<void> {
    if (!builtIn && !window.confirm(t('complianceTerms.confirmDelete', { term: term.term }))) return;
    await deleteComplianceTerm(durableDb, term.id);
    syncClient.outboxChanged();
  }
  /** A switched-off built-in comes back as shipped (a team change before it was switched off is not kept). */
  async function switchOn(term: ComplianceTerm): Promise<void> {
    const original = defaultById.get(term.id) ?? term;
    await save(term.id, {
      term: original.term,
      severity: original.severity,
      platform: original.platform,
      storeId: null,
      reason: original.reason,
      suggestion: original.suggestion,
    });
  }

  return (
    <Stack gap="sm" data-testid="compliance-terms">
      <Text size="sm" c="dimmed">
        {t('complianceTerms.hint')}
      </Text>
      <Group justify="space-between" wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          <Select
            size="xs"
            w={220}
            placeholder={t('complianceTerms.everyStore')}
            data={stores.map((s) => ({ value: s.id, label: s.name }))}
            value={storeId}
            onChange={setStoreId}
            clearable
            data-testid="terms-store"
          />
          <TextInput
            size="xs"
            w={200}
            leftSection={<IconSearch size={14} />}
            placeholder={t('complianceTerms.search')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            data-testid="terms-search"
          />
          <Text size="xs" c="dimmed" data-testid="terms-count">
            {t('complianceTerms.count', { count: rows.length })}
          </Text>
        </Group>
        {isOwner && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing({ term: null, builtIn: false })} data-testid="term-add">
            {t('complianceTerms.add')}
          </Button>
        )}
      </Group>
      {!isOwner && (
        <Text size="xs" c="dimmed">
          {t('complianceTerms.readOnly')}
        </Text>
      )}
      <Table striped withTableBorder verticalSpacing={6} data-testid="terms-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('complianceTerms.field.term')}</Table.Th>
            <Table.Th>{t('complianceTerms.appliesTo')}</Table.Th>
            <Table.Th>{t('complianceTerms.reasonAndSuggestion')}</Table.Th>
            {isOwner && <Table.Th w={80} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ term, origin }) => {
            const builtIn = origin !== 'custom';
            return (
              <Table.Tr key={term.id} data-testid="term-row" data-term-id={term.id} data-term={term.term} data-origin={origin} data-severity={term.severity}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {term.term}
                    </Text>
                    <Badge size="xs" variant="light" color={term.severity === 'banned' ? 'red' : 'yellow'}>
                      {t(`compliance.severity.${term.severity}`)}
                    </Badge>
                  </Group>
                  <Badge size="xs" variant="dot" color={ORIGIN_COLOR[origin]} tt="none" mt={4}>
                    {t(`complianceTerms.origin.${origin}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {term.storeId !== null ? (
                    <Text size="sm">{storeName(term.storeId)}</Text>
                  ) : term.platform !== null ? (
                    <PlatformBadge platform={term.platform} size="sm" />
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('complianceTerms.target.all')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{pickLocalized(term.reason, i18n.language)}</Text>
                  <Text size="xs" c="dimmed">
                    {pickLocalized(term.suggestion, i18n.language)}
                  </Text>
                </Table.Td>
                {isOwner && (
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <Tooltip label={t('complianceTerms.edit')} withArrow>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('complianceTerms.edit')} onClick={() => setEditing({ term, builtIn })} data-testid="term-edit">
                          <IconEdit size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={builtIn ? t('complianceTerms.switchOff') : t('complianceTerms.delete')} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={builtIn ? t('complianceTerms.switchOff') : t('complianceTerms.delete')}
                          onClick={() => void remove(term, builtIn)}
                          data-testid="term-delete"
                        >
                          {builtIn ? <IconPower size={16} /> : <IconTrash size={16} />}
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {list.switchedOff.length > 0 && (
        <Stack gap={6} mt="sm">
          <Text fw={500} size="sm">
            {t('complianceTerms.switchedOff', { count: list.switchedOff.length })}
          </Text>
          <Paper withBorder radius="md" p="xs" data-testid="terms-switched-off">
            <Group gap={6}>
              {list.switchedOff.map((term) => (
                <Group key={term.id} gap={2} wrap="nowrap" data-testid="term-off" data-term-id={term.id}>
                  <Badge variant="default" tt="none" td="line-through">
                    {term.term}
                  </Badge>
                  {isOwner && (
                    <Tooltip label={t('complianceTerms.switchOn')} withArrow>
                      <ActionIcon size="sm" variant="subtle" color="brand" aria-label={t('complianceTerms.switchOn')} onClick={() => void switchOn(term)} data-testid="term-switch-on">
                        <IconPower size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              ))}
            </Group>
          </Paper>
        </Stack>
      )}
      {editing && (
        <ComplianceTermEditor
          term={editing.term}
          builtIn={editing.builtIn}
          initialTarget={store ? { kind: 'store', storeId: store.id } : undefined}
          stores={stores}
          onSave={(term) => save(editing.term?.id ?? null, term)}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
