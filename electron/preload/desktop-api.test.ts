import { describe, expect, it } from 'vitest';
import { DesktopChannels } from '../../shared/desktop/api';
import { createDesktopApi, type Invoke } from './desktop-api';

/** An invoke that records each call and answers from a table, like ipcRenderer.invoke would. */
function recordingInvoke(answers: Partial<Record<string, unknown>> = {}) {
  const calls: { channel: string; args: unknown[] }[] = [];
  const invoke: Invoke = async (channel, ...args) => {
    calls.push({ channel, args });
    return answers[channel];
  };
  return { calls, invoke };
}

describe('createDesktopApi', () => {
  it('maps each method to exactly one invoke on its own channel', async () => {
    const { calls, invoke } = recordingInvoke({
      [DesktopChannels.getAppInfo]: { version: '1.0.0', platform: 'darwin', serverUrl: 'http://localhost:3210' },
      [DesktopChannels.openExternal]: true,
    });
    const api = createDesktopApi(invoke);
    await expect(api.getAppInfo()).resolves.toEqual({ version: '1.0.0', platform: 'darwin', serverUrl: 'http://localhost:3210' });
    await api.setUnreadCount(3);
    await api.notify({ title: 'New message', body: 'Is this in stock?' });
    await expect(api.openExternal('https://shopify.com')).resolves.toBe(true);
    expect(calls).toEqual([
      { channel: DesktopChannels.getAppInfo, args: [] },
      { channel: DesktopChannels.setUnreadCount, args: [3] },
      { channel: DesktopChannels.notify, args: [{ title: 'New message', body: 'Is this in stock?' }] },
      { channel: DesktopChannels.openExternal, args: ['https://shopify.com'] },
    ]);
  });

  it('exposes nothing but the four methods, frozen', () => {
    const api = createDesktopApi(recordingInvoke().invoke);
    expect(Object.keys(api).sort()).toEqual(['getAppInfo', 'notify', 'openExternal', 'setUnreadCount']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('rejects answers from the main process that break the contract', async () => {
    const api = createDesktopApi(
      recordingInvoke({ [DesktopChannels.getAppInfo]: { version: 1 }, [DesktopChannels.openExternal]: 'yes' }).invoke,
    );
    await expect(api.getAppInfo()).rejects.toThrow();
    await expect(api.openExternal('https://x.test')).rejects.toThrow();
  });
});
