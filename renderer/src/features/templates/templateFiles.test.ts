import { describe, expect, it } from 'vitest';
import type { TemplateUsage } from '../../../../shared';
import { detectTemplateFileFormat, exportFileName, importOutcome, usageByAgent } from './templateFiles';

describe('detectTemplateFileFormat', () => {
  it('goes by the extension, whatever the case', () => {
    expect(detectTemplateFileFormat('replies.CSV', '[]')).toBe('csv');
    expect(detectTemplateFileFormat('回复.json', 'title,shortcut')).toBe('json');
  });

  it('refuses spreadsheets and TSV instead of guessing', () => {
    expect(detectTemplateFileFormat('replies.xlsx', 'PK\u0003\u0004')).toBeNull();
    expect(detectTemplateFileFormat('replies.tsv', 'title\tshortcut')).toBeNull();
  });

  it('sniffs a file without a known extension: JSON by its bracket, CSV by its header (BOM and spaces allowed)', () => {
    expect(detectTemplateFileFormat('export', '\uFEFF  [{"title":"a"}]')).toBe('json');
    expect(detectTemplateFileFormat('export.txt', '\uFEFFtitle,shortcut,body,category,language\r\n')).toBe('csv');
    expect(detectTemplateFileFormat('export', '"title","shortcut"\n')).toBe('csv');
    expect(detectTemplateFileFormat('notes.txt', 'hello there')).toBeNull();
    expect(detectTemplateFileFormat('empty', '  \n')).toBeNull();
  });
});

describe('importOutcome', () => {
  it('all written: how many were created and updated', () => {
    expect(importOutcome({ imported: 3, created: 2, updated: 1, rejected: [] })).toEqual({ kind: 'imported', created: 2, updated: 1 });
  });

  it('anything rejected: nothing written, every bad row in row order with the file-level problem first', () => {
    const outcome = importOutcome({
      imported: 0,
      created: 0,
      updated: 0,
      valid: 4,
      rejected: [
        { row: 5, reason: 'language: invalid' },
        { row: 0, reason: 'too many' },
        { row: 2, reason: 'shortcut: too long' },
      ],
    });
    expect(outcome).toEqual({
      kind: 'rejected',
      validRows: 4,
      lines: [
        { row: 0, reason: 'too many' },
        { row: 2, reason: 'shortcut: too long' },
        { row: 5, reason: 'language: invalid' },
      ],
    });
  });
});

describe('exportFileName', () => {
  const day = new Date(2025, 5, 8);
  it('dates the file and keeps Chinese store names', () => {
    expect(exportFileName('team', 'csv', day)).toBe('huixin-templates-team-2025-06-08.csv');
    expect(exportFileName('西湖龙井 旗舰店', 'json', day)).toBe('huixin-templates-西湖龙井-旗舰店-2025-06-08.json');
  });
  it('drops characters no file system accepts', () => {
    expect(exportFileName('a/b:c*?', 'csv', day)).toBe('huixin-templates-a-b-c-2025-06-08.csv');
    expect(exportFileName('///', 'csv', day)).toBe('huixin-templates-templates-2025-06-08.csv');
  });
});

describe('usageByAgent', () => {
  const usage = (shortcut: string, byAgent: TemplateUsage['byAgent']): TemplateUsage => ({
    templateId: shortcut,
    title: shortcut,
    shortcut,
    scope: 'team',
    storeId: null,
    count: byAgent.reduce((sum, a) => sum + a.count, 0),
    lastUsedAt: null,
    byAgent,
  });

  it('totals each agent over all templates, most active first, with their favourite', () => {
    const templates = [
      usage('fh', [
        { userId: 'u1', name: '小美', count: 5 },
        { userId: 'u2', name: 'Alex', count: 1 },
      ]),
      usage('thanks', [{ userId: 'u2', name: 'Alex', count: 3 }]),
      usage('unused', []),
    ];
    expect(usageByAgent({ templates, mostUsed: [], neverUsed: [] })).toEqual([
      { userId: 'u1', name: '小美', total: 5, templates: 1, favourite: 'fh' },
      { userId: 'u2', name: 'Alex', total: 4, templates: 2, favourite: 'thanks' },
    ]);
  });

  it('is empty when nothing was used', () => {
    expect(usageByAgent({ templates: [usage('x', [])], mostUsed: [], neverUsed: [] })).toEqual([]);
  });
});
