import type { OrderStatus } from '../domain';
import { isTemplateVariable, type TemplateContext, type TemplateVariable } from './variables';

export interface TemplateProblem {
  /** The name as written between the braces, trimmed (the raw fragment for a lone `{{`). */
  variable: string;
  /** `unknown`: not in TEMPLATE_VARIABLES (or a `{{` that never closes). `empty`: known, but the conversation has no value for it. */
  kind: 'unknown' | 'empty';
  /** UTF-16 offsets of the whole `{{ … }}` in the template body. */
  start: number;
  end: number;
  /** UTF-16 offsets of the same placeholder in the rendered text, which keeps it as written. */
  textStart: number;
  textEnd: number;
}

export interface RenderedTemplate {
  /** The filled text; a placeholder with a problem stays as written so the agent sees it. */
  text: string;
  /** Empty when the text may be sent. The composer blocks sending while any remain. */
  problems: TemplateProblem[];
}

export interface RenderOptions {
  /** The agent's UI locale (BCP-47), used for money, dates, lists and order status words. */
  locale: string;
  /** Time zone for `{{today}}`; defaults to the runtime's own (the agent's machine). */
  timeZone?: string;
}

/** `{{ name }}`: no braces inside, whitespace around the name allowed. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

const ORDER_STATUS_WORDS: Record<'zh' | 'en', Record<OrderStatus, string>> = {
  zh: {
    created: '待付款',
    paid: '已付款',
    shipped: '已发货',
    completed: '已完成',
    refund_requested: '退款申请中',
    refunded: '已退款',
    cancelled: '已取消',
  },
  en: {
    created: 'awaiting payment',
    paid: 'paid',
    shipped: 'shipped',
    completed: 'completed',
    refund_requested: 'refund requested',
    refunded: 'refunded',
    cancelled: 'cancelled',
  },
};

/** Strong right-to-left characters (Hebrew, Arabic, Syriac, Thaana, N'Ko …). */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * A value with right-to-left characters (an Arabic or Hebrew nickname) is wrapped in
 * Unicode FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so that it cannot reorder the
 * Chinese or English text and punctuation around it. Other values are left untouched.
 */
function isolateBidi(value: string): string {
  return RTL.test(value) ? `\u2068${value}\u2069` : value;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value !== null && value !== undefined && value.trim().length > 0 ? value : null;
}

function formatMoney(amount: string, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Intl formats decimal strings exactly (no float detour), which keeps "199.90" exact.
  return format.format(amount as Intl.StringNumericLiteral);
}

/** The value of one known variable, or null when the conversation has none. */
export function variableValue(name: TemplateVariable, context: TemplateContext, options: RenderOptions): string | null {
  const { locale } = options;
  switch (name) {
    case 'buyer.nickname':
      return nonEmpty(context.buyer?.nickname);
    case 'store.name':
      return nonEmpty(context.store?.name);
    case 'agent.name':
      return nonEmpty(context.agent?.displayName);
    case 'order.number':
      return nonEmpty(context.order?.platformOrderId);
    case 'order.status':
      return context.order ? ORDER_STATUS_WORDS[locale.toLowerCase().startsWith('zh') ? 'zh' : 'en'][context.order.status] : null;
    case 'order.amount':
      return context.order ? formatMoney(context.order.totalAmount, context.order.currency, locale) : null;
    case 'order.items': {
      const items = context.order?.items ?? [];
      if (items.length === 0) return null;
      const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
      return list.format(items.map((item) => `${item.title} ×${item.quantity}`));
    }
    case 'logistics.company':
      return nonEmpty(context.logistics?.company);
    case 'logistics.trackingNumber':
      return nonEmpty(context.logistics?.trackingNumber);
    case 'review.rating':
      return context.review ? new Intl.NumberFormat(locale).format(context.review.rating) : null;
    case 'review.text':
      return nonEmpty(context.review?.text);
    case 'today':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: options.timeZone }).format(context.now);
  }
}

/**
 * Fills a template body from the open conversation. Known variables with a value are
 * replaced; an unknown name, a known one without a value, and a `{{` that never closes
 * stay in the text as written and are reported, so that nothing raw goes out unnoticed.
 * Offsets are UTF-16 indexes, the unit of JS strings and of textarea selections.
 */
export function renderTemplate(body: string, context: TemplateContext, options: RenderOptions): RenderedTemplate {
  const problems: TemplateProblem[] = [];
  let text = '';
  let cursor = 0;
  const flagStrays = (segmentStart: number, segmentEnd: number) => {
    // A `{{` or `}}` outside a well-formed placeholder: a typo the agent must fix.
    const segment = body.slice(segmentStart, segmentEnd);
    for (const stray of segment.matchAll(/\{\{|\}\}/g)) {
      const start = segmentStart + stray.index;
      const textStart = text.length + (start - segmentStart);
      problems.push({ variable: stray[0], kind: 'unknown', start, end: start + 2, textStart, textEnd: textStart + 2 });
    }
    text += segment;
  };
  for (const match of body.matchAll(PLACEHOLDER)) {
    flagStrays(cursor, match.index);
    const raw = match[0];
    const name = (match[1] ?? '').trim();
    const start = match.index;
    const end = start + raw.length;
    const value = isTemplateVariable(name) ? variableValue(name, context, options) : null;
    if (value === null) {
      problems.push({ variable: name, kind: isTemplateVariable(name) ? 'empty' : 'unknown', start, end, textStart: text.length, textEnd: text.length + raw.length });
      text += raw;
    } else {
      text += isolateBidi(value);
    }
    cursor = end;
  }
  flagStrays(cursor, body.length);
  problems.sort((a, b) => a.start - b.start);
  return { text, problems };
}

/** The variable names a body uses, in order of first use (for the editor's preview list). */
export function templateVariablesIn(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) names.add((match[1] ?? '').trim());
  return [...names];
}
