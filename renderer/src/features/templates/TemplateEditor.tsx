import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONVERSATION_STATUSES,
  TEMPLATE_LANGUAGES,
  TEMPLATE_VARIABLES,
  TEMPLATE_SCOPES,
  checkCompliance,
  detectLanguage,
  renderTemplate,
  type ComplianceTerm,
  type NewQuickReply,
  type QuickReply,
  type Store,
  type TemplateContext,
  type TemplateScope,
} from '../../../../shared';
import { HighlightedTextarea } from '../composer/HighlightedTextarea';
import { ComplianceFindingList } from '../compliance/ComplianceFindingList';
import { draftFromTemplate, emptyDraft, insertVariable, shortcutClash, validateDraft, type TemplateDraft } from './templateDraft';

interface TemplateEditorProps {
  /** The template being edited, or null for a new one. */
  template: QuickReply | null;
  templates: readonly QuickReply[];
  stores: readonly Store[];
  /** Scopes this user may write. */
  writableScopes: readonly TemplateScope[];
  context: TemplateContext;
  /** Says what the preview is filled from (the open conversation or a sample). */
  contextLabel: string;
  /** Terms to check the body with (of the store being previewed, or team-wide). */
  terms: readonly ComplianceTerm[];
  onSave: (value: NewQuickReply) => Promise<void>;
  onDelete: (() => Promise<void>) | null;
}

/** Create or edit one quick reply, with a live preview and the compliance check. */
export function TemplateEditor({ template, templates, stores, writableScopes, context, contextLabel, terms, onSave, onDelete }: TemplateEditorProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<TemplateDraft>(() =>
    template ? draftFromTemplate(template) : emptyDraft(i18n.language.startsWith('zh') ? 'zh-CN' : 'en', writableScopes[0] ?? 'personal'),
  );
  const [showErrors, setShowErrors] = useState(false);
  // A new template's language follows what is written in it until the author picks one.
  const [languagePicked, setLanguagePicked] = useState(template !== null);
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const readOnly = template !== null && !writableScopes.includes(template.scope);

  const set = <K extends keyof TemplateDraft>(key: K, value: TemplateDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const validation = validateDraft(draft);
  const errors = showErrors && !validation.ok ? validation.errors : {};
  const clash = shortcutClash(draft, templates, template?.id ?? null);
  const rendered = useMemo(() => renderTemplate(draft.body, context, { locale: i18n.language }), [draft.body, context, i18n.language]);
  const findings = useMemo(() => checkCompliance(draft.body, terms), [draft.body, terms]);
  const categories = useMemo(() => [...new Set(templates.map((t) => t.category).filter(Boolean))].sort(), [templates]);

  function addVariable(name: string): void {
    const area = bodyRef.current;
    const { body, caret } = insertVariable(draft.body, area?.selectionStart ?? draft.body.length, area?.selectionEnd ?? draft.body.length, name);
    set('body', body);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(caret, caret);
    });
  }

  async function save(): Promise<void> {
    setShowErrors(true);
    if (!validation.ok || readOnly) return;
    setSaving(true);
    try {
      await onSave(validation.value);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap="md" p="lg" data-testid="template-editor">
      <Group justify="space-between">
        <Title order={4}>{template ? t('templates.edit') : t('templates.new')}</Title>
        <Group gap="xs">
          {onDelete && !readOnly && (
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => void onDelete()} data-testid="template-delete">
              {t('templates.delete')}
            </Button>
          )}
          <Button leftSection={<IconDeviceFloppy size={16} />} loading={saving} disabled={readOnly} onClick={() => void save()} data-testid="template-save">
            {t('templates.save')}
          </Button>
        </Group>
      </Group>
      {readOnly && (
        <Alert color="gray" variant="light">
          {t('templates.readOnly')}
        </Alert>
      )}
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          label={t('templates.field.title')}
          value={draft.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={errors.title}
          readOnly={readOnly}
          data-testid="template-title"
        />
        <TextInput
          label={t('templates.field.shortcut')}
          description={t('templates.field.shortcutHint')}
          leftSection={<Text size="sm" c="dimmed">/</Text>}
          value={draft.shortcut}
          onChange={(e) => set('shortcut', e.currentTarget.value)}
          error={errors.shortcut ?? (clash ? t('templates.shortcutClash', { title: clash.title }) : undefined)}
          readOnly={readOnly}
          data-testid="template-shortcut"
        />
        <Select
          label={t('templates.field.category')}
          data={categories}
          value={draft.category || null}
          searchable
          clearable
          // A new category is typed into the search box and kept on blur.
          onSearchChange={(value) => value && !categories.includes(value) && set('category', value)}
          onChange={(value) => set('category', value ?? '')}
          readOnly={readOnly}
          data-testid="template-category"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('templates.field.language')}
          </Text>
          <SegmentedControl
            value={draft.language}
            onChange={(value) => {
              setLanguagePicked(true);
              set('language', value as TemplateDraft['language']);
            }}
            data={TEMPLATE_LANGUAGES.map((value) => ({ value, label: t(`templates.language.${value}`) }))}
            disabled={readOnly}
          />
        </Stack>
        <Select
          label={t('templates.field.scope')}
          data={TEMPLATE_SCOPES.map((value) => ({ value, label: t(`templates.scope.${value}`), disabled: !writableScopes.includes(value) }))}
          value={draft.scope}
          onChange={(value) => value && set('scope', value as TemplateScope)}
          allowDeselect={false}
          readOnly={readOnly}
          data-testid="template-scope"
        />
        {draft.scope === 'store' ? (
          <Select
            label={t('templates.field.store')}
            data={stores.map((s) => ({ value: s.id, label: s.name }))}
            value={draft.storeId}
            onChange={(value) => set('storeId', value)}
            error={errors.storeId}
            readOnly={readOnly}
            data-testid="template-store"
          />
        ) : (
          <div />
        )}
        <Select
          label={t('templates.field.setStatus')}
          data={CONVERSATION_STATUSES.filter((s) => s !== 'snoozed').map((value) => ({ value, label: t(`status.${value}`) }))}
          value={draft.setStatus}
          placeholder={t('templates.noAction')}
          clearable
          onChange={(value) => set('setStatus', value as TemplateDraft['setStatus'])}
          readOnly={readOnly}
        />
        <TextInput
          label={t('templates.field.addTag')}
          placeholder={t('templates.noAction')}
          value={draft.addTag}
          onChange={(e) => set('addTag', e.currentTarget.value)}
          error={errors.addTag}
          readOnly={readOnly}
        />
      </SimpleGrid>

      <Stack gap={6}>
        <Group justify="space-between" align="flex-end">
          <Text size="sm" fw={500}>
            {t('templates.field.body')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('templates.insertVariable')}
          </Text>
        </Group>
        <Group gap={4}>
          {TEMPLATE_VARIABLES.map((name) => (
            <Tooltip key={name} label={t(`templates.variable.${name.replace('.', '_')}`)} withArrow>
              <Button size="compact-xs" variant="light" color="gray" ff="monospace" disabled={readOnly} onClick={() => addVariable(name)} data-testid="template-variable">
                {name}
              </Button>
            </Tooltip>
          ))}
        </Group>
        <HighlightedTextarea
          textareaRef={bodyRef}
          value={draft.body}
          ranges={findings.map((f) => ({ start: f.start, end: f.end, kind: f.severity }))}
          onChange={(e) => {
            const body = e.currentTarget.value;
            const detected = languagePicked ? null : detectLanguage(body);
            setDraft((d) => ({ ...d, body, ...(detected ? { language: detected } : {}) }));
          }}
          autosize
          minRows={4}
          maxRows={12}
          dir="auto"
          error={errors.body}
          readOnly={readOnly}
          aria-label={t('templates.field.body')}
          data-testid="template-body"
        />
        {findings.length > 0 && <ComplianceFindingList findings={findings} personal={[]} onReplace={readOnly ? null : (start, end, text) => set('body', draft.body.slice(0, start) + text + draft.body.slice(end))} />}
      </Stack>

      <Paper withBorder radius="md" p="sm" data-testid="template-preview">
        <Group justify="space-between" mb={6}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            {t('templates.preview')}
          </Text>
          <Text size="xs" c="dimmed">
            {contextLabel}
          </Text>
        </Group>
        <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="template-preview-text">
          {rendered.text || t('templates.previewEmpty')}
        </Text>
        {rendered.problems.length > 0 && (
          <Group gap={6} mt="xs" data-testid="template-problems">
            <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" />
            {rendered.problems.map((problem) => (
              <Badge key={`${problem.start}`} color={problem.kind === 'unknown' ? 'red' : 'orange'} variant="light" tt="none">
                {t(`templates.problem.${problem.kind}`, { name: problem.variable })}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
