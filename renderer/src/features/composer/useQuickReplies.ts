import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { detectLanguage, emptyTemplateContext, rankTemplates, renderTemplate, type QuickReply, type Store } from '../../../../shared';
import { cacheDb } from '../../app/database';
import { latestInboundText, loadStoreCompliance, loadTemplateContext, loadTemplates, templatesForStore, type SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import type { PickerOption } from './TemplatePicker';
import { closedPicker, pickerAfterInput, pickerKey, replaceToken, type PickerKey, type PickerState } from './slashPicker';

const MAX_OPTIONS = 8;

export interface InsertResult {
  text: string;
  caret: number;
}

/**
 * The composer's quick-reply and compliance data for one conversation: templates usable
 * here (ranked for the `/` picker with the buyer's language first), the values that fill
 * them, the store's compliance mode and terms, and the picker's state.
 */
export function useQuickReplies(conversationId: string, store: Pick<Store, 'id' | 'platform'> | undefined, session: SessionRow) {
  const { i18n } = useTranslation();
  const [picker, setPicker] = useState<PickerState>(closedPicker);
  /** Templates inserted into the current text, reported with the reply (usage counts) and whose actions apply on send. */
  const [used, setUsed] = useState<QuickReply[]>([]);

  const templates = useLiveQuery(
    async () => (store ? templatesForStore(await loadTemplates(cacheDb, session.user.id), store.id) : []),
    [store?.id, session.user.id],
    [],
  );
  const context = useLiveQuery(() => loadTemplateContext(cacheDb, conversationId, session.user), [conversationId, session.user.displayName]);
  const buyerText = useLiveQuery(() => latestInboundText(cacheDb, conversationId), [conversationId]);
  const compliance = useLiveQuery(async () => (store ? loadStoreCompliance(cacheDb, store) : null), [store?.id, store?.platform]);

  const buyerLanguage = buyerText ? detectLanguage(buyerText) : null;
  const options: PickerOption[] = useMemo(() => {
    if (!picker.token) return [];
    const filled = context ?? emptyTemplateContext(new Date());
    return rankTemplates(templates, picker.token.query, { buyerLanguage })
      .slice(0, MAX_OPTIONS)
      .map((template) => {
        const rendered = renderTemplate(template.body, filled, { locale: i18n.language });
        return { template, preview: rendered.text, problemCount: rendered.problems.length };
      });
  }, [picker.token, templates, context, buyerLanguage, i18n.language]);

  /** The text or caret moved. */
  function onInput(text: string, caret: number): void {
    setPicker((state) => pickerAfterInput(state, text, caret));
  }

  /** Inserts option `index` in place of the `/word`; returns the new text and caret. */
  function pick(text: string, index: number): InsertResult | null {
    const option = options[index];
    if (!picker.token || !option) return null;
    const rendered = renderTemplate(option.template.body, context ?? emptyTemplateContext(new Date()), { locale: i18n.language });
    const result = replaceToken(text, picker.token, rendered.text);
    setUsed((list) => (list.some((t) => t.id === option.template.id) ? list : [...list, option.template]));
    setPicker(closedPicker);
    return result;
  }

  /** A key in the textarea: the picker's move, a pick (with the new text), or nothing for the composer to handle. */
  function onKey(key: PickerKey, text: string): { handled: false } | { handled: true; insert: InsertResult | null } {
    const result = pickerKey(picker, key, options.length);
    if (result.kind === 'ignore') return { handled: false };
    if (result.kind === 'state') {
      setPicker(result.state);
      return { handled: true, insert: null };
    }
    return { handled: true, insert: pick(text, result.index) };
  }

  return {
    picker,
    options,
    setActive: (index: number) => setPicker((state) => ({ ...state, active: index })),
    onInput,
    onKey,
    pick,
    used,
    resetUsed: () => setUsed([]),
    compliance,
  };
}
