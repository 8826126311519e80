import { describe, expect, it } from 'vitest';
import { exportTemplates, parseTemplateImport } from './import-export';
import type { QuickReply } from './quick-reply';

const team = { scope: 'team' as const, storeId: null };
const at = '2025-06-01T00:00:00.000Z';

describe('parseTemplateImport', () => {
  it('reads CSV with quoted commas, newlines, a BOM and empty optional cells', () => {
    const csv = '\uFEFFtitle,shortcut,body,category,language,setStatus,addTag\r\n发货,fh,"亲，已发出,\n请查收",物流,zh-CN,resolved,\r\nWhere,where,Shipped,,en,,shipping\r\n';
    const result = parseTemplateImport(csv, 'csv', team);
    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual([
      { title: '发货', shortcut: 'fh', body: '亲，已发出,\n请查收', category: '物流', language: 'zh-CN', setStatus: 'resolved', addTag: null, scope: 'team', storeId: null },
      { title: 'Where', shortcut: 'where', body: 'Shipped', category: '', language: 'en', setStatus: null, addTag: 'shipping', scope: 'team', storeId: null },
    ]);
  });
  it('reports every bad row with its number and reason', () => {
    const csv = 'title,shortcut,body,language\nok,a,b,en\n,b,body,en\nbad lang,c,body,fr\nspace,"d e",body,en\ndup,A,body,en\n';
    const result = parseTemplateImport(csv, 'csv', team);
    expect(result.accepted.map((t) => t.shortcut)).toEqual(['a']);
    expect(result.rejected.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(result.rejected[0]?.reason).toMatch(/title/);
    expect(result.rejected[1]?.reason).toMatch(/language/);
    expect(result.rejected[2]?.reason).toMatch(/shortcut/);
    expect(result.rejected[3]?.reason).toMatch(/already used by template 1/);
  });
  it('rejects a CSV without the required columns, and bad JSON, as a whole', () => {
    expect(parseTemplateImport('name,text\nx,y\n', 'csv', team).rejected[0]).toMatchObject({ row: 0, reason: expect.stringMatching(/title, shortcut, body, language/) });
    expect(parseTemplateImport('{"title":', 'json', team).rejected[0]).toMatchObject({ row: 0, reason: expect.stringMatching(/not valid JSON/) });
    expect(parseTemplateImport('{"title":"x"}', 'json', team).rejected[0]?.reason).toMatch(/array/);
  });
  it('applies the target scope, and refuses a store target without a store', () => {
    const json = JSON.stringify([{ title: 't', shortcut: 's', body: 'b', language: 'en' }]);
    expect(parseTemplateImport(json, 'json', { scope: 'store', storeId: 'st1' }).accepted[0]).toMatchObject({ scope: 'store', storeId: 'st1' });
  });
});

describe('exportTemplates', () => {
  const templates: QuickReply[] = [
    { id: '1', title: '发货', shortcut: 'fh', body: '亲，"已发出"\n运单号{{logistics.trackingNumber}}', category: '物流', language: 'zh-CN', scope: 'team', storeId: null, ownerId: null, setStatus: 'resolved', addTag: '已发货', createdAt: at, updatedAt: at, deletedAt: null },
    { id: '2', title: 'Discount', shortcut: 'off', body: '-10% today =)', category: '', language: 'en', scope: 'team', storeId: null, ownerId: null, setStatus: null, addTag: null, createdAt: at, updatedAt: at, deletedAt: null },
    { id: '3', title: 'Gone', shortcut: 'gone', body: 'x', category: '', language: 'en', scope: 'team', storeId: null, ownerId: null, setStatus: null, addTag: null, createdAt: at, updatedAt: at, deletedAt: at },
  ];
  it.each(['csv', 'json'] as const)('round-trips through %s (deleted ones skipped)', (format) => {
    const file = exportTemplates(templates, format);
    const back = parseTemplateImport(file, format, team);
    expect(back.rejected).toEqual([]);
    expect(back.accepted).toEqual(templates.slice(0, 2).map(({ title, shortcut, body, category, language, setStatus, addTag }) => ({ title, shortcut, body, category, language, setStatus, addTag, scope: 'team', storeId: null })));
  });
  it('defuses spreadsheet formulas in CSV cells', () => {
    expect(exportTemplates(templates, 'csv')).toContain("'-10% today =)");
  });
});
