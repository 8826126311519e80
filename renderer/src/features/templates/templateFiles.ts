import type { TemplateFileFormat, TemplateImportReport, TemplateUsageReport } from '../../../../shared';

/**
 * Pure helpers of the template import/export and usage screens: which format a picked
 * file is, what an import answer means for the user, the export's file name, and the
 * per-agent totals of the usage report.
 */

/** Spreadsheet files the import cannot read: save them as CSV (UTF-8) first. */
const UNREADABLE = new Set(['xlsx', 'xls', 'numbers', 'ods', 'tsv']);

/** By the file's extension, else by its content (`[` is JSON, a `title,` header is CSV); null when it is neither. */
export function detectTemplateFileFormat(fileName: string, content: string): TemplateFileFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension === 'csv') return 'csv';
  if (extension === 'json') return 'json';
  if (extension !== undefined && UNREADABLE.has(extension)) return null;
  const first = content.replace(/^\uFEFF/, '').trimStart().at(0);
  if (first === undefined) return null;
  if (first === '[' || first === '{') return 'json';
  // A CSV template file starts with its header row.
  return /^\s*"?title"?\s*,/i.test(content.replace(/^\uFEFF/, '')) ? 'csv' : null;
}

export interface RejectedLine {
  /** 0 means the file as a whole. */
  row: number;
  reason: string;
}

export type ImportOutcome =
  | { kind: 'imported'; created: number; updated: number }
  | { kind: 'rejected'; lines: RejectedLine[]; validRows: number };

/** What the import answer means: all written, or nothing written and every bad row (file-level first, then by row). */
export function importOutcome(report: TemplateImportReport): ImportOutcome {
  if (report.rejected.length === 0) return { kind: 'imported', created: report.created, updated: report.updated };
  const lines = [...report.rejected].sort((a, b) => a.row - b.row);
  return { kind: 'rejected', lines, validRows: report.valid ?? 0 };
}

/** `huixin-templates-team-2025-06-18.csv`, `huixin-templates-西湖龙井旗舰店-2025-06-18.json`: safe on every file system. */
export function exportFileName(target: string, format: TemplateFileFormat, today: Date): string {
  const safe = target.replace(/[\\/:*?"<>|\s\p{Cc}]+/gu, '-').replace(/^-+|-+$/g, '') || 'templates';
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return `huixin-templates-${safe}-${day}.${format}`;
}

export interface AgentUsage {
  userId: string;
  name: string;
  /** Sends with any template. */
  total: number;
  /** Distinct templates used. */
  templates: number;
  /** The agent's most-used template's shortcut. */
  favourite: string | null;
}

/** The usage report turned around: per agent, most active first. */
export function usageByAgent(report: TemplateUsageReport): AgentUsage[] {
  const byUser = new Map<string, AgentUsage & { best: number }>();
  for (const template of report.templates) {
    for (const use of template.byAgent) {
      const entry = byUser.get(use.userId) ?? { userId: use.userId, name: use.name, total: 0, templates: 0, favourite: null, best: 0 };
      entry.total += use.count;
      entry.templates += 1;
      if (use.count > entry.best) {
        entry.best = use.count;
        entry.favourite = template.shortcut;
      }
      byUser.set(use.userId, entry);
    }
  }
  return [...byUser.values()]
    .map(({ best: _best, ...agent }) => agent)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
}

/** Stores for pickers, by name as a Chinese reader expects (the cache indexes stores by platform only). */
export function byStoreName<T extends { name: string }>(stores: T[]): T[] {
  return stores.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
