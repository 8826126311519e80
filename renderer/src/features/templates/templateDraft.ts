import {
  newQuickReplySchema,
  type ConversationStatus,
  type NewQuickReply,
  type QuickReply,
  type TemplateLanguage,
  type TemplateScope,
} from '../../../../shared';

/**
 * The template editor's form, as strings and nulls the inputs can hold, and the step
 * from it to a valid `NewQuickReply` (or the reasons per field why not).
 */
export interface TemplateDraft {
  title: string;
  shortcut: string;
  body: string;
  category: string;
  language: TemplateLanguage;
  scope: TemplateScope;
  storeId: string | null;
  setStatus: ConversationStatus | null;
  addTag: string;
}

export function emptyDraft(language: TemplateLanguage, scope: TemplateScope = 'personal'): TemplateDraft {
  return { title: '', shortcut: '', body: '', category: '', language, scope, storeId: null, setStatus: null, addTag: '' };
}

export function draftFromTemplate(template: QuickReply): TemplateDraft {
  return {
    title: template.title,
    shortcut: template.shortcut,
    body: template.body,
    category: template.category,
    language: template.language,
    scope: template.scope,
    storeId: template.storeId,
    setStatus: template.setStatus,
    addTag: template.addTag ?? '',
  };
}

export type DraftField = keyof TemplateDraft;
export type DraftResult = { ok: true; value: NewQuickReply } | { ok: false; errors: Partial<Record<DraftField, string>> };

export function validateDraft(draft: TemplateDraft): DraftResult {
  const candidate = {
    ...draft,
    storeId: draft.scope === 'store' ? draft.storeId : null,
    addTag: draft.addTag.trim() === '' ? null : draft.addTag,
  };
  const parsed = newQuickReplySchema.safeParse(candidate);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<DraftField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && field in draft && !errors[field as DraftField]) errors[field as DraftField] = issue.message;
  }
  return { ok: false, errors };
}

/**
 * Another live template that the same `/shortcut` would also reach in the same place
 * (same scope and store); the picker would show both, which is rarely what the author means.
 */
export function shortcutClash(draft: TemplateDraft, templates: readonly QuickReply[], editingId: string | null): QuickReply | null {
  const shortcut = draft.shortcut.trim().toLowerCase();
  if (!shortcut) return null;
  return (
    templates.find(
      (t) =>
        t.id !== editingId &&
        t.deletedAt === null &&
        t.shortcut.toLowerCase() === shortcut &&
        t.scope === draft.scope &&
        (draft.scope !== 'store' || t.storeId === draft.storeId),
    ) ?? null
  );
}

/** Inserts `{{ name }}` at the selection and returns the new text and caret. */
export function insertVariable(body: string, selectionStart: number, selectionEnd: number, name: string): { body: string; caret: number } {
  const token = `{{${name}}}`;
  const start = Math.max(0, Math.min(selectionStart, body.length));
  const end = Math.max(start, Math.min(selectionEnd, body.length));
  return { body: body.slice(0, start) + token + body.slice(end), caret: start + token.length };
}
