import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile } from './app-protocol';

const root = path.resolve('/opt/huixin/out/renderer');

function fileOf(url: string): string | null {
  const lookup = resolveAppFile(url, root);
  return lookup.kind === 'file' ? lookup.filePath : null;
}

describe('resolveAppFile', () => {
  it('serves built files from the renderer folder', () => {
    expect(fileOf('app://huixin/index.html')).toBe(path.join(root, 'index.html'));
    expect(fileOf('app://huixin/assets/index-abc123.js')).toBe(path.join(root, 'assets', 'index-abc123.js'));
    expect(fileOf('app://huixin/assets/%E6%B1%87%E4%BF%A1.woff2')).toBe(path.join(root, 'assets', '汇信.woff2'));
  });

  it('answers client-side routes with the single page', () => {
    expect(fileOf('app://huixin/')).toBe(path.join(root, 'index.html'));
    expect(fileOf('app://huixin/inbox/conv-1')).toBe(path.join(root, 'index.html'));
  });

  it('never leaves the renderer folder', () => {
    // The URL parser folds dot segments (also %2e%2e) before we see them: they stay inside.
    expect(fileOf('app://huixin/../../etc/passwd.txt')).toBe(path.join(root, 'etc', 'passwd.txt'));
    expect(fileOf('app://huixin/%2e%2e/%2e%2e/%2e%2e/etc/passwd.txt')).toBe(path.join(root, 'etc', 'passwd.txt'));
    // Encoded slashes survive parsing and are decoded by us: those must be refused.
    expect(fileOf('app://huixin/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.json')).toBeNull();
    expect(fileOf('app://huixin/..%5c..%5csecret.json')).toBeNull();
    expect(fileOf('app://huixin/a%00.js')).toBeNull();
  });

  it('refuses other hosts, schemes and malformed escapes', () => {
    expect(resolveAppFile('app://other/index.html', root)).toEqual({ kind: 'not-found', reason: 'foreign origin' });
    expect(resolveAppFile('file:///opt/huixin/out/renderer/index.html', root).kind).toBe('not-found');
    expect(resolveAppFile('app://huixin/%E0%A4%A.js', root)).toEqual({ kind: 'not-found', reason: 'malformed escape' });
    expect(resolveAppFile('::', root).kind).toBe('not-found');
  });
});
