import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, withCspHeader } from './csp';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name ?? '', values];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  const production = directives(buildContentSecurityPolicy({ serverUrl: 'http://localhost:3210', devServerUrl: null }));

  it('allows scripts only from the app itself in production', () => {
    expect(production.get('script-src')).toEqual(["'self'"]);
    expect(production.get('default-src')).toEqual(["'self'"]);
  });

  it('shuts plugins, frames, <base> and form posts', () => {
    expect(production.get('object-src')).toEqual(["'none'"]);
    expect(production.get('frame-src')).toEqual(["'none'"]);
    expect(production.get('frame-ancestors')).toEqual(["'none'"]);
    expect(production.get('base-uri')).toEqual(["'none'"]);
    expect(production.get('form-action')).toEqual(["'none'"]);
  });

  it('lets the renderer reach the backend over http and websocket only', () => {
    expect(production.get('connect-src')).toEqual(["'self'", 'http://localhost:3210', 'ws://localhost:3210']);
    const tls = directives(buildContentSecurityPolicy({ serverUrl: 'https://huixin.example.com/api', devServerUrl: null }));
    expect(tls.get('connect-src')).toEqual(["'self'", 'https://huixin.example.com', 'wss://huixin.example.com']);
  });

  it("never allows eval, and inline scripts only for the dev server's React preamble", () => {
    expect(buildContentSecurityPolicy({ serverUrl: 'http://localhost:3210', devServerUrl: null })).not.toContain('unsafe-eval');
    const dev = directives(buildContentSecurityPolicy({ serverUrl: 'http://localhost:3210', devServerUrl: 'http://localhost:5173' }));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual([
      "'self'",
      'http://localhost:3210',
      'ws://localhost:3210',
      'http://localhost:5173',
      'ws://localhost:5173',
    ]);
  });

  it('allows pictures over https, and plain-http loopback pictures only with a backend on this machine (the demo emulator)', () => {
    expect(production.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https:', 'http://127.0.0.1:*', 'http://localhost:*']);
    const remote = directives(buildContentSecurityPolicy({ serverUrl: 'https://huixin.example.com', devServerUrl: null }));
    expect(remote.get('img-src')).toEqual(["'self'", 'data:', 'blob:', 'https:']);
  });

  it('refuses a backend that is not http(s)', () => {
    expect(() => buildContentSecurityPolicy({ serverUrl: 'ftp://x.test', devServerUrl: null })).toThrow(/http\(s\)/);
  });
});

describe('withCspHeader', () => {
  it('replaces a CSP of any spelling and keeps other headers', () => {
    const headers = withCspHeader(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      "default-src 'self'",
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });

  it('works without headers', () => {
    expect(withCspHeader(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
