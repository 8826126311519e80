/**
 * The quick-reply picker's state machine, free of React so that it can be tested alone.
 *
 * The picker opens when the word under the caret starts with `/` (at the start of the
 * text or after whitespace) and follows what the agent types after it. It is driven only
 * by the keyboard: arrows move, Enter or Tab insert, Escape closes until the agent moves
 * to another `/` word. Picking replaces the `/word` with the rendered template.
 */

/** The `/word` being typed: where it starts, where the caret is, and the query after the slash. */
export interface SlashToken {
  start: number;
  end: number;
  query: string;
}

const MAX_QUERY = 40;

/** The `/word` that ends at the caret, or null when the caret is not in one. */
export function findSlashToken(text: string, caret: number): SlashToken | null {
  if (caret < 0 || caret > text.length) return null;
  let i = caret;
  while (i > 0 && !/\s/.test(text[i - 1] ?? '')) i--;
  if (text[i] !== '/') return null;
  const query = text.slice(i + 1, caret);
  // A second slash means a path or a date ("1/2"), not a template search.
  if (query.includes('/') || query.length > MAX_QUERY) return null;
  return { start: i, end: caret, query };
}

export interface PickerState {
  /** The token the picker is open for, or null when closed. */
  token: SlashToken | null;
  /** Highlighted option (index into the current ranked list). */
  active: number;
  /** Start of a token the agent dismissed with Escape: it stays closed for that token. */
  dismissedAt: number | null;
}

export const closedPicker: PickerState = { token: null, active: 0, dismissedAt: null };

/** The text or caret changed: open, follow or close the picker. */
export function pickerAfterInput(state: PickerState, text: string, caret: number): PickerState {
  const token = findSlashToken(text, caret);
  if (!token) return { token: null, active: 0, dismissedAt: null };
  if (state.dismissedAt === token.start) return { token: null, active: 0, dismissedAt: token.start };
  const sameQuery = state.token?.start === token.start && state.token.query === token.query;
  return { token, active: sameQuery ? state.active : 0, dismissedAt: null };
}

export type PickerKeyResult =
  | { kind: 'ignore' }
  | { kind: 'state'; state: PickerState }
  | { kind: 'pick'; index: number };

export interface PickerKey {
  key: string;
  isComposing?: boolean;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * A key pressed while the picker may be open. `ignore` means the composer handles the
 * key as usual (e.g. Enter sends when the picker is closed or has nothing to offer).
 */
export function pickerKey(state: PickerState, key: PickerKey, optionCount: number): PickerKeyResult {
  if (!state.token || key.isComposing) return { kind: 'ignore' };
  if (key.key === 'Escape') return { kind: 'state', state: { token: null, active: 0, dismissedAt: state.token.start } };
  if (optionCount === 0) return { kind: 'ignore' };
  if (key.ctrlKey || key.metaKey || key.altKey) return { kind: 'ignore' };
  switch (key.key) {
    case 'ArrowDown':
      return { kind: 'state', state: { ...state, active: (state.active + 1) % optionCount } };
    case 'ArrowUp':
      return { kind: 'state', state: { ...state, active: (state.active - 1 + optionCount) % optionCount } };
    case 'Enter':
    case 'Tab':
      if (key.shiftKey) return { kind: 'ignore' };
      return { kind: 'pick', index: Math.min(state.active, optionCount - 1) };
    default:
      return { kind: 'ignore' };
  }
}

/** Replaces the token with `insertion`; the caret lands right after it. */
export function replaceToken(text: string, token: SlashToken, insertion: string): { text: string; caret: number } {
  const before = text.slice(0, token.start);
  const after = text.slice(token.end);
  return { text: before + insertion + after, caret: before.length + insertion.length };
}
