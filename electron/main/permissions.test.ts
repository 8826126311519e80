import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from './permissions';

describe('isPermissionAllowed', () => {
  it('grants notifications to the app itself', () => {
    expect(isPermissionAllowed('notifications', 'app://huixin/index.html', 'app://huixin')).toBe(true);
  });

  it('denies notifications to any other origin', () => {
    expect(isPermissionAllowed('notifications', 'https://evil.test/', 'app://huixin')).toBe(false);
    expect(isPermissionAllowed('notifications', '', 'app://huixin')).toBe(false);
  });

  it('denies everything else, even to the app', () => {
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(permission, 'app://huixin/index.html', 'app://huixin'), permission).toBe(false);
    }
  });
});
