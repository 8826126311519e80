import Papa from 'papaparse';
import { z } from 'zod';
import { conversationStatusSchema, idSchema } from '../domain/entities';
import {
  newQuickReplySchema,
  quickReplyContentSchema,
  templateScopeSchema,
  type NewQuickReply,
  type QuickReply,
  type QuickReplyContent,
} from './quick-reply';

/**
 * Template files: CSV (UTF-8, header row, Excel-friendly) and JSON (an array of rows).
 * A row is a template's content only; the import request says which scope (and store)
 * the rows go to, so one file can be imported into the team or into a store.
 */
export const TEMPLATE_FILE_FORMATS = ['csv', 'json'] as const;
export const templateFileFormatSchema = z.enum(TEMPLATE_FILE_FORMATS);
export type TemplateFileFormat = z.infer<typeof templateFileFormatSchema>;

/** Column order of the CSV file (and key order of the JSON rows). */
export const TEMPLATE_FILE_COLUMNS = ['title', 'shortcut', 'body', 'category', 'language', 'setStatus', 'addTag'] as const;

export const MAX_IMPORT_ROWS = 2_000;
export const MAX_IMPORT_CHARS = 5_000_000;

const emptyToNull = (value: unknown) => (value === '' || value === undefined ? null : value);

/** One row of a template file. Empty category, setStatus and addTag cells are allowed. */
export const templateFileRowSchema = z.object({
  title: quickReplyContentSchema.shape.title,
  shortcut: quickReplyContentSchema.shape.shortcut,
  body: quickReplyContentSchema.shape.body,
  category: z.preprocess((value) => value ?? '', quickReplyContentSchema.shape.category),
  language: quickReplyContentSchema.shape.language,
  setStatus: z.preprocess(emptyToNull, conversationStatusSchema.nullable()),
  addTag: z.preprocess(emptyToNull, quickReplyContentSchema.shape.addTag),
});

/** The target of an import: every accepted row becomes a template of this scope. */
export const templateImportTargetSchema = z
  .object({ scope: templateScopeSchema, storeId: idSchema.nullable() })
  .refine((target) => (target.scope === 'store') === (target.storeId !== null), 'a storeId is given exactly when the scope is "store"');
export type TemplateImportTarget = z.infer<typeof templateImportTargetSchema>;

export interface RejectedRow {
  /** 1-based number of the template in the file (the first data row of a CSV is 1; 0 = the file itself). */
  row: number;
  reason: string;
}

export interface TemplateImportResult {
  accepted: NewQuickReply[];
  rejected: RejectedRow[];
}

/** Exported CSV cells that a spreadsheet would run as a formula get a leading `'` (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const unescapeFormula = (cell: string): string => (cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell);

function readRows(text: string, format: TemplateFileFormat): { rows: unknown[]; rejected: RejectedRow[] } {
  const content = text.replace(/^\uFEFF/, '');
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (error) {
      return { rows: [], rejected: [{ row: 0, reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
    if (!Array.isArray(parsed)) return { rows: [], rejected: [{ row: 0, reason: 'a JSON template file is an array of templates' }] };
    return { rows: parsed, rejected: [] };
  }
  const result = Papa.parse<Record<string, string>>(content, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const missing = ['title', 'shortcut', 'body', 'language'].filter((column) => !(result.meta.fields ?? []).includes(column));
  if (missing.length > 0) {
    return { rows: [], rejected: [{ row: 0, reason: `the header row lacks column(s) ${missing.join(', ')}; expected ${TEMPLATE_FILE_COLUMNS.join(',')}` }] };
  }
  const rejected: RejectedRow[] = result.errors
    .filter((error) => error.row !== undefined)
    .map((error) => ({ row: (error.row ?? 0) + 1, reason: `CSV: ${error.message}` }));
  const rows = result.data.map((record) =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? unescapeFormula(value) : value])),
  );
  return { rows, rejected };
}

/**
 * Reads a template file. Every row is validated; a shortcut that appears twice for the
 * same language is rejected on its second row. The caller decides what to do with a
 * partly bad file; the server rejects the whole import when anything is rejected.
 */
export function parseTemplateImport(text: string, format: TemplateFileFormat, target: TemplateImportTarget): TemplateImportResult {
  if (text.length > MAX_IMPORT_CHARS) return { accepted: [], rejected: [{ row: 0, reason: `the file is larger than ${MAX_IMPORT_CHARS} characters` }] };
  const { rows, rejected } = readRows(text, format);
  if (rows.length > MAX_IMPORT_ROWS) return { accepted: [], rejected: [{ row: 0, reason: `the file has ${rows.length} templates; at most ${MAX_IMPORT_ROWS} per import` }] };
  const accepted: NewQuickReply[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, index) => {
    const row = index + 1;
    if (rejected.some((bad) => bad.row === row)) return;
    const parsed = templateFileRowSchema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
      rejected.push({ row, reason });
      return;
    }
    const key = `${parsed.data.language}\u0000${parsed.data.shortcut.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      rejected.push({ row, reason: `shortcut "${parsed.data.shortcut}" (${parsed.data.language}) is already used by template ${earlier} of this file` });
      return;
    }
    seen.set(key, row);
    accepted.push(newQuickReplySchema.parse({ ...parsed.data, ...target }));
  });
  rejected.sort((a, b) => a.row - b.row);
  return { accepted, rejected };
}

function toFileRow(template: QuickReplyContent): Record<(typeof TEMPLATE_FILE_COLUMNS)[number], string | null> {
  return {
    title: template.title,
    shortcut: template.shortcut,
    body: template.body,
    category: template.category,
    language: template.language,
    setStatus: template.setStatus,
    addTag: template.addTag,
  };
}

/** Writes templates (deleted ones skipped) in a format parseTemplateImport reads back unchanged. */
export function exportTemplates(templates: readonly QuickReply[], format: TemplateFileFormat): string {
  const rows = templates.filter((template) => template.deletedAt === null).map(toFileRow);
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const escaped = rows.map((row) =>
    TEMPLATE_FILE_COLUMNS.map((column) => {
      const cell = row[column] ?? '';
      return FORMULA_START.test(cell) ? `'${cell}` : cell;
    }),
  );
  // The BOM makes Excel open the UTF-8 file with its Chinese intact.
  return `\uFEFF${Papa.unparse({ fields: [...TEMPLATE_FILE_COLUMNS], data: escaped }, { newline: '\r\n' })}\r\n`;
}
