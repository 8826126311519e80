import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The lint rules only protect us if they fire. Each case lints a small snippet as if it
 * were a file at the given path of this repository and expects the named rule to fail
 * (or, for allowed imports, to stay quiet), using the real eslint.config.js.
 */
const repoRoot = path.resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  if (result === undefined) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal === true);
  if (fatal.length > 0) throw new Error(`parse error: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'unknown');
}

const forbidden: [file: string, code: string][] = [
  ['shared/domain/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
  ['shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
  ['shared/domain/x.ts', "import path from 'path';\nexport const p = path;\n"],
  ['shared/domain/x.ts', "import { createHash } from 'crypto';\nexport const h = createHash;\n"],
  ['shared/domain/x.ts', "import { readFile } from 'fs/promises';\nexport const r = readFile;\n"],
  ['shared/domain/x.ts', "import { db } from '../../renderer/src/db';\nexport const d = db;\n"],
  ['shared/domain/x.ts', "export * from '../../server/storage';\n"],
  ['shared/x.ts', "import type { Foo } from '../emulator/foo';\nexport type F = Foo;\n"],
  ['shared/x.ts', "export const load = () => import('../electron/main/config');\n"],
  ['renderer/src/app/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
  ['renderer/src/app/x.ts', "import os from 'node:os';\nexport const o = os;\n"],
  ['renderer/src/app/x.ts', "import { EventEmitter } from 'events';\nexport const e = EventEmitter;\n"],
  ['renderer/src/app/x.ts', "import { store } from '../../../server/storage/store';\nexport const s = store;\n"],
  ['renderer/src/app/x.ts', "import { x } from '../../../electron/main/config';\nexport const y = x;\n"],
  ['renderer/src/app/x.ts', "const fs = require('fs');\nexport const f = fs;\n"],
  ['renderer/src/app/x.ts', "export type T = typeof import('node:fs');\n"],
  ['server/x.ts', "import { App } from '../renderer/src/app/App';\nexport const a = App;\n"],
  ['server/x.ts', "import { config } from '../electron/main/config';\nexport const c = config;\n"],
  ['server/x.ts', "import { shell } from 'electron';\nexport const s = shell;\n"],
  ['emulator/x.ts', "import { store } from '../server/storage';\nexport const s = store;\n"],
  ['emulator/x.ts', "import { db } from '../renderer/src/db';\nexport const d = db;\n"],
  ['electron/main/x.ts', "import { db } from '../../renderer/src/db';\nexport const d = db;\n"],
  ['electron/main/x.ts', "import { startServer } from '../../server/main';\nexport const s = startServer;\n"],
  ['bench/browser/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n"],
];

describe('huixin/layering', () => {
  it.each(forbidden)('fails on a forbidden import in %s: %s', async (file, code) => {
    expect(await ruleIdsFor(file, code)).toContain('huixin/layering');
  });

  it.each([
    ['shared/domain/x.ts', "import { z } from 'zod';\nimport { PLATFORMS } from './platforms';\nexport const s = z.enum(PLATFORMS);\n"],
    ['renderer/src/app/x.ts', "import { changeSchema } from '../../../shared';\nexport const c = changeSchema;\n"],
    ['server/x.ts', "import { readFile } from 'node:fs/promises';\nimport { changeSchema } from '../shared';\nexport const x = [readFile, changeSchema];\n"],
    ['electron/main/x.ts', "import { app } from 'electron';\nimport path from 'node:path';\nimport { DesktopChannels } from '../../shared';\nexport const x = [app, path, DesktopChannels];\n"],
    ['emulator/x.ts', "import { createHmac } from 'node:crypto';\nimport { PLATFORMS } from '../shared';\nexport const x = [createHmac, PLATFORMS];\n"],
  ])('allows the permitted imports of %s', async (file, code) => {
    expect(await ruleIdsFor(file, code)).toEqual([]);
  });

  it('names the layers and the reason in its message', async () => {
    const [result] = await eslint.lintText("import { app } from 'electron';\nexport const a = app;\n", {
      filePath: path.join(repoRoot, 'renderer/src/app/x.ts'),
    });
    expect(result?.messages[0]?.message).toMatch(/^renderer\/ may not import electron \("electron"\): the renderer runs in a browser sandbox/);
  });
});

describe('wrapped libraries', () => {
  it('keeps Dexie inside renderer/src/db', async () => {
    const code = "import Dexie from 'dexie';\nexport const D = Dexie;\n";
    expect(await ruleIdsFor('renderer/src/features/inbox/x.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIdsFor('renderer/src/sync/x.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIdsFor('renderer/src/db/x.ts', code)).toEqual([]);
  });

  it('keeps socket.io-client inside renderer/src/sync', async () => {
    const code = "import { io } from 'socket.io-client';\nexport const s = io;\n";
    expect(await ruleIdsFor('renderer/src/features/inbox/x.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIdsFor('renderer/src/db/x.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIdsFor('renderer/src/sync/x.ts', code)).toEqual([]);
  });
});

describe('untrusted text stays text', () => {
  it.each([
    ['renderer/src/features/x.tsx', 'export const M = ({ html }: { html: string }) => <div dangerouslySetInnerHTML={{ __html: html }} />;\n', 'no-restricted-syntax'],
    ['renderer/src/features/x.ts', 'export function show(el: HTMLElement, s: string) {\n  el.innerHTML = s;\n}\n', 'no-restricted-syntax'],
    ['renderer/src/features/x.ts', 'export function show(el: HTMLElement, s: string) {\n  el.outerHTML += s;\n}\n', 'no-restricted-syntax'],
    ['renderer/src/features/x.ts', "export function show(el: HTMLElement, s: string) {\n  el.insertAdjacentHTML('beforeend', s);\n}\n", 'no-restricted-syntax'],
    ['renderer/src/features/x.ts', 'export function run(s: string) {\n  return eval(s);\n}\n', 'no-eval'],
    ['server/x.ts', "export const f = new Function('a', 'return a');\n", 'no-new-func'],
    ['shared/x.ts', "export const t = () => setTimeout('alert(1)', 1);\n", 'no-implied-eval'],
  ])('%s: fails %s', async (file, code, rule) => {
    expect(await ruleIdsFor(file, code)).toContain(rule);
  });

  it('allows rendering text', async () => {
    const code = 'export const M = ({ text }: { text: string }) => <p>{text}</p>;\nexport function show(el: HTMLElement, s: string) {\n  el.textContent = s;\n}\n';
    expect(await ruleIdsFor('renderer/src/features/x.tsx', code)).toEqual([]);
  });
});
