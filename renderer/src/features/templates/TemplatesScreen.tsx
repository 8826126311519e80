import { Badge, Box, Button, Center, Group, ScrollArea, SegmentedControl, Select, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconPlus, IconSearch, IconTemplate } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_LANGUAGES, TEMPLATE_SCOPES, rankTemplates, type QuickReply, type TemplateScope } from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { deleteTemplate, loadStoreCompliance, loadTeamWideTerms, loadTemplateContext, loadTemplates, saveTemplate, type SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { sampleTemplateContext } from './sampleContext';
import { TemplateAdminActions } from './TemplateAdminActions';
import { TemplateEditor } from './TemplateEditor';

interface TemplatesScreenProps {
  session: SessionRow;
  /** The conversation open in the inbox: the preview is filled from it. */
  conversationId: string | null;
}

type Selection = { kind: 'new' } | { kind: 'edit'; id: string } | null;

/** The quick-reply manager: search and filter on the left, the editor on the right. */
export function TemplatesScreen({ session, conversationId }: TemplatesScreenProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<TemplateScope | 'all'>('all');
  const [category, setCategory] = useState<string | null>(null);
  const [language, setLanguage] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>(null);

  const templates = useLiveQuery(() => loadTemplates(cacheDb, session.user.id), [session.user.id], []);
  const stores = useLiveQuery(() => cacheDb.stores.toArray(), [], []);
  const conversation = useLiveQuery(async () => (conversationId ? cacheDb.conversations.get(conversationId) : undefined), [conversationId]);
  const context = useLiveQuery(
    async () => (conversationId ? loadTemplateContext(cacheDb, conversationId, session.user) : sampleTemplateContext(session.user.displayName)),
    [conversationId, session.user.displayName],
  );
  const conversationStore = stores.find((s) => s.id === conversation?.storeId);
  const terms = useLiveQuery(
    async () => (conversationStore ? (await loadStoreCompliance(cacheDb, conversationStore)).terms : loadTeamWideTerms(cacheDb)),
    [conversationStore?.id],
    [],
  );

  const writableScopes: TemplateScope[] = session.user.role === 'agent' ? ['personal'] : [...TEMPLATE_SCOPES];
  const categories = useMemo(() => [...new Set(templates.map((t) => t.category).filter(Boolean))].sort(), [templates]);
  const shown = useMemo(() => {
    const filtered = templates.filter(
      (tpl) => (scope === 'all' || tpl.scope === scope) && (category === null || tpl.category === category) && (language === null || tpl.language === language),
    );
    return query.trim() ? rankTemplates(filtered, query, { buyerLanguage: null }) : [...filtered].sort((a, b) => a.title.localeCompare(b.title, 'zh-CN'));
  }, [templates, scope, category, language, query]);
  const editing = selection?.kind === 'edit' ? templates.find((tpl) => tpl.id === selection.id) ?? null : null;
  const storeName = (id: string | null) => stores.find((s) => s.id === id)?.name ?? id ?? '';

  async function save(template: QuickReply | null, value: Parameters<typeof saveTemplate>[2]): Promise<void> {
    const id = await saveTemplate(durableDb, template?.id ?? null, value);
    syncClient.outboxChanged();
    setSelection({ kind: 'edit', id });
  }

  return (
    <Group h="100%" gap={0} align="stretch" wrap="nowrap" data-testid="templates-screen">
      <Stack w={380} gap={0} style={{ borderRight: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}>
        <Stack gap={8} p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <Group justify="space-between">
            <Text fw={600}>{t('templates.title')}</Text>
            <Group gap={6} wrap="nowrap">
              <TemplateAdminActions session={session} />
              <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setSelection({ kind: 'new' })} data-testid="template-new">
                {t('templates.new')}
              </Button>
            </Group>
          </Group>
          <TextInput
            size="xs"
            leftSection={<IconSearch size={14} />}
            placeholder={t('templates.search')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            data-testid="template-search"
          />
          <SegmentedControl
            size="xs"
            fullWidth
            value={scope}
            onChange={(value) => setScope(value as TemplateScope | 'all')}
            data={[{ value: 'all', label: t('inbox.all') }, ...TEMPLATE_SCOPES.map((value) => ({ value, label: t(`templates.scope.${value}`) }))]}
          />
          <Group gap={8} grow>
            <Select size="xs" placeholder={t('templates.anyCategory')} data={categories} value={category} onChange={setCategory} clearable />
            <Select
              size="xs"
              placeholder={t('templates.anyLanguage')}
              data={TEMPLATE_LANGUAGES.map((value) => ({ value, label: t(`templates.language.${value}`) }))}
              value={language}
              onChange={setLanguage}
              clearable
            />
          </Group>
        </Stack>
        <ScrollArea style={{ flex: 1 }} type="auto">
          <Stack gap={0} data-testid="template-list">
            {shown.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="xl">
                {t('templates.empty')}
              </Text>
            )}
            {shown.map((tpl) => (
              <UnstyledButton
                key={tpl.id}
                px="sm"
                py={8}
                onClick={() => setSelection({ kind: 'edit', id: tpl.id })}
                data-testid="template-row"
                data-shortcut={tpl.shortcut}
                style={{
                  borderBottom: '1px solid var(--mantine-color-default-border)',
                  background: editing?.id === tpl.id ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                <Group justify="space-between" wrap="nowrap" gap={6}>
                  <Group gap={6} wrap="nowrap" miw={0}>
                    <Text size="sm" ff="monospace" c="brand" fw={600}>
                      /{tpl.shortcut}
                    </Text>
                    <Text size="sm" fw={500} truncate="end">
                      {tpl.title}
                    </Text>
                  </Group>
                  <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                    <Badge size="xs" variant="default">
                      {tpl.language}
                    </Badge>
                    <Badge size="xs" variant="light" color={tpl.scope === 'personal' ? 'grape' : tpl.scope === 'team' ? 'brand' : 'indigo'} tt="none">
                      {tpl.scope === 'store' ? storeName(tpl.storeId) : t(`templates.scope.${tpl.scope}`)}
                    </Badge>
                  </Group>
                </Group>
                <Text size="xs" c="dimmed" lineClamp={1} dir="auto">
                  {tpl.category ? `${tpl.category} · ` : ''}
                  {tpl.body}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea>
      </Stack>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <ScrollArea h="100%" type="auto">
          {selection === null || (selection.kind === 'edit' && !editing) ? (
            <Center h={400}>
              <Stack align="center" gap={6}>
                <IconTemplate size={40} stroke={1.2} color="var(--mantine-color-dimmed)" />
                <Text c="dimmed" size="sm">
                  {t('templates.pick')}
                </Text>
              </Stack>
            </Center>
          ) : (
            context && (
              <TemplateEditor
                key={selection.kind === 'edit' ? selection.id : 'new'}
                template={editing}
                templates={templates}
                stores={stores}
                writableScopes={writableScopes}
                context={context}
                contextLabel={conversationId ? t('templates.previewConversation') : t('templates.previewSample')}
                terms={terms}
                onSave={(value) => save(editing, value)}
                onDelete={
                  editing
                    ? async () => {
                        await deleteTemplate(durableDb, editing.id);
                        syncClient.outboxChanged();
                        setSelection(null);
                      }
                    : null
                }
              />
            )
          )}
        </ScrollArea>
      </Box>
    </Group>
  );
}
