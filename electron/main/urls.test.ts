import { describe, expect, it } from 'vitest';
import { decideLeave, isAllowedExternalUrl, isSameOrigin, originOf } from './urls';

describe('originOf', () => {
  it('computes origins for the custom app scheme, where URL.origin says "null"', () => {
    expect(new URL('app://huixin/index.html').origin).toBe('null');
    expect(originOf('app://huixin/index.html')).toBe('app://huixin');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('HTTPS://Example.COM/x')).toBe('https://example.com');
  });

  it('returns null for unparsable or host-less URLs', () => {
    expect(originOf('not a url')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,<b>x</b>')).toBeNull();
  });
});

describe('isSameOrigin (IPC sender and permission checks)', () => {
  it('accepts any page of the trusted origin', () => {
    expect(isSameOrigin('app://huixin/index.html', 'app://huixin')).toBe(true);
    expect(isSameOrigin('app://huixin/inbox/42?x=1#y', 'app://huixin')).toBe(true);
    expect(isSameOrigin('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it('rejects look-alikes, other ports, other schemes and missing frames', () => {
    expect(isSameOrigin('app://huixin.evil.test/index.html', 'app://huixin')).toBe(false);
    expect(isSameOrigin('app://evil/index.html', 'app://huixin')).toBe(false);
    expect(isSameOrigin('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isSameOrigin('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
    expect(isSameOrigin('file:///work/out/renderer/index.html', 'app://huixin')).toBe(false);
    expect(isSameOrigin('about:blank', 'app://huixin')).toBe(false);
    expect(isSameOrigin('', 'app://huixin')).toBe(false);
    expect(isSameOrigin(null, 'app://huixin')).toBe(false);
    expect(isSameOrigin(undefined, 'app://huixin')).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it('allows plain http(s) links', () => {
    expect(isAllowedExternalUrl('https://item.taobao.com/item.htm?id=123')).toBe(true);
    expect(isAllowedExternalUrl('http://example.com/')).toBe(true);
    expect(isAllowedExternalUrl('https://例子.测试/路径')).toBe(true);
  });

  it('refuses every other scheme', () => {
    for (const url of [
      'file:///etc/passwd',
      // eslint-disable-next-line no-script-url -- the allowlist must refuse exactly this
      'javascript:alert(1)',
      'data:text/html,hi',
      'smb://server/share',
      'app://huixin/index.html',
      'ms-settings:privacy',
      'vbscript:msgbox',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses embedded credentials, junk and overlong URLs', () => {
    expect(isAllowedExternalUrl('https://shop.example@evil.test/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pass@example.com/')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
    expect(isAllowedExternalUrl('')).toBe(false);
    expect(isAllowedExternalUrl(`https://example.com/${'a'.repeat(2048)}`)).toBe(false);
  });
});

describe('decideLeave', () => {
  it('always denies, and hands only allowlisted links to the browser', () => {
    expect(decideLeave('https://shopify.com/orders/1')).toEqual({ action: 'deny', openExternally: 'https://shopify.com/orders/1' });
    expect(decideLeave('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: null });
    expect(decideLeave('app://huixin/other.html')).toEqual({ action: 'deny', openExternally: null });
  });
});
