// @ts-check
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Lint for Huixin. Besides the usual correctness rules it enforces two things reviews
 * keep missing:
 *
 * 1. LAYERING (rule `huixin/layering`, in the spirit of VS Code's code-layering rule):
 *    each top-level folder is a runtime layer and may import only what runs where it
 *    runs. The matrix is `LAYERS` below; the rule resolves every import, export-from,
 *    dynamic import(), require() and `import('x')` type to the layer it lands in.
 * 2. UNTRUSTED TEXT STAYS TEXT: no dangerouslySetInnerHTML, no innerHTML/outerHTML
 *    writes, no insertAdjacentHTML/document.write, no eval or new Function.
 *
 * electron/lint-rules.test.ts proves each rule fails on a forbidden example.
 */

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Who may import whom. `layers`: top-level folders this layer must not import from.
 * `electron`: may not import the electron package. `node`: may not import Node built-ins.
 */
const LAYERS = {
  shared: {
    layers: ['renderer', 'server', 'electron', 'emulator', 'e2e', 'bench', 'scripts'],
    electron: false,
    node: false,
    why: 'shared/ is pure logic imported by every layer: no I/O, no other layer',
  },
  renderer: {
    layers: ['server', 'electron', 'emulator'],
    electron: false,
    node: false,
    why: 'the renderer runs in a browser sandbox and reaches the desktop only through window.huixin',
  },
  server: {
    layers: ['renderer', 'electron'],
    electron: false,
    node: true,
    why: 'the backend runs without a UI or Electron',
  },
  emulator: {
    layers: ['server', 'renderer', 'electron'],
    electron: false,
    node: true,
    why: 'the storefront emulator talks to Huixin only over the network, like a real platform',
  },
  'bench/browser': {
    layers: ['server', 'electron', 'emulator'],
    electron: false,
    node: false,
    why: 'the benchmark page runs in Chromium like the renderer',
  },
  electron: {
    layers: ['renderer', 'server', 'emulator'],
    electron: true,
    node: true,
    why: 'the desktop shell talks to the renderer over IPC and to the backend over the network',
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports that cross Huixin runtime layers' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          forbiddenLayers: { type: 'array', items: { type: 'string' } },
          allowElectron: { type: 'boolean' },
          allowNodeBuiltins: { type: 'boolean' },
          why: { type: 'string' },
        },
        required: ['layer', 'forbiddenLayers', 'allowElectron', 'allowNodeBuiltins'],
        additionalProperties: false,
      },
    ],
    messages: {
      layer: '{{layer}}/ may not import from {{target}}/ ("{{source}}"): {{why}}.',
      electron: '{{layer}}/ may not import electron ("{{source}}"): {{why}}.',
      node: '{{layer}}/ may not import the Node built-in "{{source}}": {{why}}.',
    },
  },
  create(context) {
    const [options] = /** @type {[{layer: string, forbiddenLayers: string[], allowElectron: boolean, allowNodeBuiltins: boolean, why?: string}]} */ (
      context.options
    );
    const root = context.cwd;
    const fileDir = path.dirname(context.filename);
    const why = options.why ?? 'see eslint.config.js';

    /** @param {import('estree').Node} node @param {unknown} value */
    function check(node, value) {
      if (typeof value !== 'string') return;
      const data = { layer: options.layer, source: value, why };
      if (value.startsWith('.') || path.isAbsolute(value)) {
        const target = path.relative(root, path.resolve(fileDir, value)).split(path.sep)[0];
        if (target !== undefined && options.forbiddenLayers.includes(target)) {
          context.report({ node, messageId: 'layer', data: { ...data, target } });
        }
        return;
      }
      if (!options.allowElectron && (value === 'electron' || value.startsWith('electron/'))) {
        context.report({ node, messageId: 'electron', data });
        return;
      }
      if (!options.allowNodeBuiltins && (value.startsWith('node:') || NODE_BUILTINS.has(value))) {
        context.report({ node, messageId: 'node', data });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        const [first] = node.arguments;
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && first?.type === 'Literal') {
          check(first, first.value);
        }
      },
      /** @param {any} node `import x = require('y')` (typescript-eslint AST) */
      TSExternalModuleReference: (node) => node.expression?.type === 'Literal' && check(node, node.expression.value),
      /** @param {any} node `typeof import('y')` (typescript-eslint AST) */
      TSImportType: (node) => {
        const literal = node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.source;
        if (literal?.type === 'Literal') check(node, literal.value);
      },
    };
  },
};

const huixinPlugin = { meta: { name: 'huixin' }, rules: { layering: layeringRule } };

const layeringConfigs = Object.entries(LAYERS).map(([layer, rule]) => ({
  name: `huixin/layering/${layer}`,
  files: [`${layer}/**/*.{ts,tsx,js,mjs,cjs}`],
  plugins: { huixin: huixinPlugin },
  rules: {
    'huixin/layering': [
      'error',
      { layer, forbiddenLayers: rule.layers, allowElectron: rule.electron, allowNodeBuiltins: rule.node, why: rule.why },
    ],
  },
}));

/** Selectors for code that turns strings into markup or code. */
const UNSAFE_SYNTAX = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'Render buyer and user text as text; dangerouslySetInnerHTML is banned.',
  },
  {
    selector: "AssignmentExpression[left.type='MemberExpression'][left.property.name=/^(innerHTML|outerHTML)$/]",
    message: 'Assigning innerHTML/outerHTML parses text as markup; use textContent or React.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'insertAdjacentHTML parses text as markup; build nodes or use React.',
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
    message: 'document.write is banned.',
  },
];

export default defineConfig(
  {
    name: 'huixin/ignores',
    ignores: [
      '**/node_modules/**',
      'out/**',
      'dist/**',
      'dist-web/**',
      'release/**',
      '.data/**',
      'coverage/**',
      'test-results/**',
      'screenshots/**',
      'bench/results/**',
      'bench/dist/**',
      '.ci/.cache/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    name: 'huixin/base',
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Declared so that no-implied-eval recognises setTimeout('code') and friends.
      globals: { setTimeout: 'readonly', setInterval: 'readonly', window: 'readonly', self: 'readonly', globalThis: 'readonly' },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-script-url': 'error',
      'no-restricted-syntax': ['error', ...UNSAFE_SYNTAX],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Plain JS config files run in Node; TypeScript checks globals in .ts files.
    name: 'huixin/js-node',
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    name: 'huixin/typescript-globals',
    files: ['**/*.{ts,tsx}'],
    // TypeScript reports undefined names with full type knowledge; no-undef only misfires.
    rules: { 'no-undef': 'off' },
  },
  {
    name: 'huixin/react',
    files: ['renderer/**/*.{ts,tsx}', 'bench/browser/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...layeringConfigs,
  {
    // Wrap a library once: Dexie lives behind renderer/src/db, socket.io behind renderer/src/sync.
    name: 'huixin/wrapped-libraries',
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/src/db/**', 'renderer/src/sync/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', message: 'Use the database module in renderer/src/db/.' },
            { name: 'dexie-react-hooks', message: 'Use the hooks exported by renderer/src/db/.' },
            { name: 'socket.io-client', message: 'Only the sync engine in renderer/src/sync/ talks to the socket.' },
          ],
        },
      ],
    },
  },
  {
    name: 'huixin/wrapped-libraries/db',
    files: ['renderer/src/db/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'socket.io-client', message: 'Only the sync engine in renderer/src/sync/ talks to the socket.' }] },
      ],
    },
  },
  {
    name: 'huixin/wrapped-libraries/sync',
    files: ['renderer/src/sync/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', message: 'Use the database module in renderer/src/db/.' },
            { name: 'dexie-react-hooks', message: 'Use the hooks exported by renderer/src/db/.' },
          ],
        },
      ],
    },
  },
);
