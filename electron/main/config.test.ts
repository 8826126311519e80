import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, DEFAULT_SERVER_URL, resolveMainConfig } from './config';

describe('resolveMainConfig', () => {
  it('defaults to the local backend and the app:// origin', () => {
    expect(resolveMainConfig({}, true)).toEqual({
      serverUrl: DEFAULT_SERVER_URL,
      devServerUrl: null,
      entryUrl: APP_ENTRY_URL,
      rendererOrigin: APP_ORIGIN,
    });
    expect(APP_ENTRY_URL).toBe('app://huixin/index.html');
  });

  it('takes the backend from HUIXIN_SERVER_URL', () => {
    expect(resolveMainConfig({ HUIXIN_SERVER_URL: 'https://huixin.example.com:8443' }, true).serverUrl).toBe(
      'https://huixin.example.com:8443',
    );
  });

  it('treats an empty HUIXIN_SERVER_URL as unset', () => {
    expect(resolveMainConfig({ HUIXIN_SERVER_URL: '  ' }, true).serverUrl).toBe(DEFAULT_SERVER_URL);
  });

  it('refuses a backend URL that is not http(s)', () => {
    expect(() => resolveMainConfig({ HUIXIN_SERVER_URL: 'file:///etc/passwd' }, true)).toThrow(/HUIXIN_SERVER_URL/);
    expect(() => resolveMainConfig({ HUIXIN_SERVER_URL: 'not a url' }, true)).toThrow(/Invalid environment/);
  });

  it('loads the dev server in development and trusts its origin', () => {
    const config = resolveMainConfig({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false);
    expect(config.entryUrl).toBe('http://localhost:5173');
    expect(config.devServerUrl).toBe('http://localhost:5173');
    expect(config.rendererOrigin).toBe('http://localhost:5173');
  });

  it('ignores a dev server URL in a packaged app', () => {
    const config = resolveMainConfig({ ELECTRON_RENDERER_URL: 'http://evil.test:5173' }, true);
    expect(config.entryUrl).toBe(APP_ENTRY_URL);
    expect(config.rendererOrigin).toBe(APP_ORIGIN);
  });
});

describe('APP_SCHEME_PRIVILEGES', () => {
  it('makes app:// a secure standard origin that can load module scripts and workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, corsEnabled: true, supportFetchAPI: true });
  });

  it('never lets app:// content bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });
});
