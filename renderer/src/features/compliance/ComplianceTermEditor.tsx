import { Alert, Button, Group, Input, Modal, SegmentedControl, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPLIANCE_SEVERITIES, PLATFORMS, type ComplianceSeverity, type ComplianceTerm, type ComplianceTermContent, type Platform, type Store } from '../../../../shared';
import { draftFromTerm, emptyTermDraft, termFromDraft, type TermDraft, type TermDraftProblem, type TermTarget } from './termList';

interface ComplianceTermEditorProps {
  /** The term being changed; null for a new one. */
  term: ComplianceTerm | null;
  /** A built-in term is changed team-wide: it cannot become one store's term. */
  builtIn: boolean;
  /** Where a new term applies at first (the store the owner is looking at). */
  initialTarget?: TermTarget;
  stores: readonly Store[];
  onSave: (term: ComplianceTermContent) => Promise<void>;
  onClose: () => void;
}

/**
 * Add or change a compliance term: the words, banned or risky, where it applies (every
 * store, one platform, one store), and the reason and suggestion agents see, in Chinese
 * and/or English. A term keeps its store for life (the server files it in that store's
 * stream), so an existing store term cannot be moved.
 */
export function ComplianceTermEditor({ term, builtIn, initialTarget, stores, onSave, onClose }: ComplianceTermEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<TermDraft>(() => (term ? draftFromTerm(term) : { ...emptyTermDraft(), ...(initialTarget ? { target: initialTarget } : {}) }));
  const [problems, setProblems] = useState<TermDraftProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const update = (patch: Partial<TermDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const storeLocked = term !== null && term.storeId !== null;
  const storeAllowed = !builtIn && (term === null || storeLocked);

  function changeTarget(kind: TermTarget['kind']): void {
    if (kind === 'all') update({ target: { kind: 'all' } });
    else if (kind === 'platform') update({ target: { kind: 'platform', platform: stores[0]?.platform ?? 'taobao' } });
    else update({ target: { kind: 'store', storeId: stores[0]?.id ?? '' } });
  }

  async function save(): Promise<void> {
    const result = termFromDraft(draft);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setSaving(true);
    try {
      await onSave(result.term);
      onClose();
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal opened onClose={onClose} size="lg" title={term ? t('complianceTerms.editTitle') : t('complianceTerms.addTitle')} data-testid="term-editor">
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label={t('complianceTerms.field.term')}
            description={t('complianceTerms.field.termHint')}
            value={draft.term}
            onChange={(e) => update({ term: e.currentTarget.value })}
            data-testid="term-text"
            data-autofocus
          />
          <Input.Wrapper label={t('complianceTerms.field.severity')} description={t('complianceTerms.field.severityHint')}>
            <SegmentedControl
              mt={4}
              fullWidth
              value={draft.severity}
              onChange={(value) => update({ severity: value as ComplianceSeverity })}
              data={COMPLIANCE_SEVERITIES.map((value) => ({ value, label: t(`compliance.severity.${value}`) }))}
              data-testid="term-severity"
            />
          </Input.Wrapper>
        </Group>
        <Stack gap={6}>
          <SegmentedControl
            value={draft.target.kind}
            onChange={(value) => changeTarget(value as TermTarget['kind'])}
            disabled={storeLocked}
            data={[
              { value: 'all', label: t('complianceTerms.target.all') },
              { value: 'platform', label: t('complianceTerms.target.platform') },
              { value: 'store', label: t('complianceTerms.target.store'), disabled: !storeAllowed },
            ]}
            data-testid="term-target"
          />
          {draft.target.kind === 'platform' && (
            <Select
              data={PLATFORMS.map((value) => ({ value, label: t(`platform.${value}`) }))}
              value={draft.target.platform}
              onChange={(value) => value && update({ target: { kind: 'platform', platform: value as Platform } })}
              allowDeselect={false}
              aria-label={t('complianceTerms.target.platform')}
              data-testid="term-platform"
            />
          )}
          {draft.target.kind === 'store' && (
            <Select
              data={stores.map((s) => ({ value: s.id, label: s.name }))}
              value={draft.target.storeId || null}
              onChange={(value) => update({ target: { kind: 'store', storeId: value ?? '' } })}
              allowDeselect={false}
              disabled={storeLocked}
              aria-label={t('complianceTerms.target.store')}
              data-testid="term-store"
            />
          )}
          {builtIn && (
            <Alert color="gray" p="xs" fz="xs">
              {t('complianceTerms.builtInHint')}
            </Alert>
          )}
        </Stack>
        <SimpleGrid cols={2} spacing="sm">
          <Textarea label={t('complianceTerms.field.reasonZh')} autosize minRows={2} value={draft.reasonZh} onChange={(e) => update({ reasonZh: e.currentTarget.value })} data-testid="term-reason-zh" />
          <Textarea label={t('complianceTerms.field.reasonEn')} autosize minRows={2} value={draft.reasonEn} onChange={(e) => update({ reasonEn: e.currentTarget.value })} data-testid="term-reason-en" />
          <Textarea
            label={t('complianceTerms.field.suggestionZh')}
            autosize
            minRows={2}
            value={draft.suggestionZh}
            onChange={(e) => update({ suggestionZh: e.currentTarget.value })}
            data-testid="term-suggestion-zh"
          />
          <Textarea
            label={t('complianceTerms.field.suggestionEn')}
            autosize
            minRows={2}
            value={draft.suggestionEn}
            onChange={(e) => update({ suggestionEn: e.currentTarget.value })}
            data-testid="term-suggestion-en"
          />
        </SimpleGrid>
        {problems.length > 0 && (
          <Alert color="red" data-testid="term-problems">
            {problems.map((problem) => (
              <div key={problem}>{t(`complianceTerms.problem.${problem}`)}</div>
            ))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('complianceTerms.cancel')}
          </Button>
          <Button onClick={() => void save()} loading={saving} data-testid="term-save">
            {t('complianceTerms.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
