import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_URL, REMEMBERED_SERVER_KEY, normaliseServerUrl, resolveServerUrl, type ServerUrlSources } from './serverUrl';

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

const desktop = (serverUrl: string) => ({ getAppInfo: async () => ({ version: '0.1.0', platform: 'linux', serverUrl }) });

function sources(overrides: Partial<ServerUrlSources>): ServerUrlSources {
  return { search: '', storage: memoryStorage(), sessionServerUrl: undefined, desktop: undefined, envServerUrl: undefined, ...overrides };
}

describe('resolveServerUrl', () => {
  it('prefers ?server= and remembers it', async () => {
    const storage = memoryStorage();
    const url = await resolveServerUrl(sources({ search: '?server=http%3A%2F%2F127.0.0.1%3A4000%2F', storage, sessionServerUrl: 'http://a:1', desktop: desktop('http://b:2') }));
    expect(url).toBe('http://127.0.0.1:4000');
    expect(storage.map.get(REMEMBERED_SERVER_KEY)).toBe('http://127.0.0.1:4000');
    expect(await resolveServerUrl(sources({ storage }))).toBe('http://127.0.0.1:4000');
  });

  it('then the session, then a remembered URL, then the desktop app, then the build env', async () => {
    const storage = memoryStorage({ [REMEMBERED_SERVER_KEY]: 'http://remembered:3' });
    expect(await resolveServerUrl(sources({ storage, sessionServerUrl: 'https://team.example.com', desktop: desktop('http://b:2') }))).toBe('https://team.example.com');
    expect(await resolveServerUrl(sources({ storage, desktop: desktop('http://b:2') }))).toBe('http://remembered:3');
    expect(await resolveServerUrl(sources({ desktop: desktop('http://b:2'), envServerUrl: 'http://env:9' }))).toBe('http://b:2');
    expect(await resolveServerUrl(sources({ envServerUrl: 'http://env:9' }))).toBe('http://env:9');
    expect(await resolveServerUrl(sources({}))).toBe(DEFAULT_SERVER_URL);
  });

  it('skips invalid values and a failing desktop bridge', async () => {
    const failing = { getAppInfo: async () => Promise.reject(new Error('ipc closed')) };
    const url = await resolveServerUrl(sources({ search: '?server=javascript:alert(1)', sessionServerUrl: 'not a url', desktop: failing, envServerUrl: 'ftp://x' }));
    expect(url).toBe(DEFAULT_SERVER_URL);
    expect(await resolveServerUrl(sources({ desktop: { getAppInfo: async () => ({ serverUrl: 42 }) as never } }))).toBe(DEFAULT_SERVER_URL);
  });

  it('works without storage', async () => {
    expect(await resolveServerUrl(sources({ storage: null, search: '?server=http://x:1' }))).toBe('http://x:1');
  });
});

describe('normaliseServerUrl', () => {
  it('accepts http(s) URLs and trims trailing slashes', () => {
    expect(normaliseServerUrl(' http://localhost:3210/ ')).toBe('http://localhost:3210');
    expect(normaliseServerUrl('ws://localhost:3210')).toBeNull();
    expect(normaliseServerUrl('')).toBeNull();
  });
});
