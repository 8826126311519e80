import { describe, expect, it } from 'vitest';
import { DesktopChannels, type AppInfo, type DesktopNotification } from '../../shared/desktop/api';
import {
  DESKTOP_CHANNEL_NAMES,
  handleDesktopRequest,
  IpcRequestError,
  registerDesktopIpc,
  type DesktopEffects,
  type IpcInvokeEventLike,
} from './ipc';

const ORIGIN = 'app://huixin';
const PAGE = 'app://huixin/index.html';

/** Records what the handlers asked the desktop to do. */
function recordingEffects(appInfo: AppInfo = { version: '0.1.0', platform: 'linux', serverUrl: 'http://localhost:3210' }) {
  const calls = { unread: [] as number[], notifications: [] as DesktopNotification[], opened: [] as string[] };
  const effects: DesktopEffects = {
    appInfo: () => appInfo,
    setUnreadCount: (count) => void calls.unread.push(count),
    notify: (n) => void calls.notifications.push(n),
    openExternal: async (url) => void calls.opened.push(url),
  };
  return { calls, effects };
}

async function rejectionOf(promise: Promise<unknown>): Promise<IpcRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IpcRequestError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('handleDesktopRequest', () => {
  it('answers getAppInfo with the configured server URL', async () => {
    const { effects } = recordingEffects();
    await expect(handleDesktopRequest(DesktopChannels.getAppInfo, PAGE, [], { rendererOrigin: ORIGIN, effects })).resolves.toEqual({
      version: '0.1.0',
      platform: 'linux',
      serverUrl: 'http://localhost:3210',
    });
  });

  it('refuses callers from any other frame before doing anything', async () => {
    const { calls, effects } = recordingEffects();
    for (const sender of ['https://evil.test/', 'app://other/index.html', 'file:///tmp/x.html', null, undefined]) {
      const error = await rejectionOf(
        handleDesktopRequest(DesktopChannels.setUnreadCount, sender, [3], { rendererOrigin: ORIGIN, effects }),
      );
      expect(error.code).toBe('untrusted_sender');
    }
    expect(calls.unread).toEqual([]);
  });

  it('sets the unread count only for a whole non-negative number', async () => {
    const { calls, effects } = recordingEffects();
    await handleDesktopRequest(DesktopChannels.setUnreadCount, PAGE, [4], { rendererOrigin: ORIGIN, effects });
    for (const bad of [[-1], [1.5], ['3'], [], [1, 2], [Number.NaN], [2_000_000]]) {
      const error = await rejectionOf(handleDesktopRequest(DesktopChannels.setUnreadCount, PAGE, bad, { rendererOrigin: ORIGIN, effects }));
      expect(error.code, JSON.stringify(bad)).toBe('bad_arguments');
    }
    expect(calls.unread).toEqual([4]);
  });

  it('shows a well-formed notification and refuses a malformed one', async () => {
    const { calls, effects } = recordingEffects();
    const good = { title: '新消息', body: '亲，这款还有货吗？', conversationId: 'conv-1' };
    await handleDesktopRequest(DesktopChannels.notify, PAGE, [good], { rendererOrigin: ORIGIN, effects });
    const error = await rejectionOf(
      handleDesktopRequest(DesktopChannels.notify, PAGE, [{ title: '', body: 'x' }], { rendererOrigin: ORIGIN, effects }),
    );
    expect(error.code).toBe('bad_arguments');
    expect(error.message).toContain(DesktopChannels.notify);
    expect(calls.notifications).toEqual([good]);
  });

  it('opens allowlisted links and answers false for the rest', async () => {
    const { calls, effects } = recordingEffects();
    const context = { rendererOrigin: ORIGIN, effects };
    await expect(handleDesktopRequest(DesktopChannels.openExternal, PAGE, ['https://item.jd.com/1.html'], context)).resolves.toBe(true);
    await expect(handleDesktopRequest(DesktopChannels.openExternal, PAGE, ['file:///etc/passwd'], context)).resolves.toBe(false);
    await expect(handleDesktopRequest(DesktopChannels.openExternal, PAGE, ['https://a@b.test/'], context)).resolves.toBe(false);
    expect((await rejectionOf(handleDesktopRequest(DesktopChannels.openExternal, PAGE, [42], context))).code).toBe('bad_arguments');
    expect(calls.opened).toEqual(['https://item.jd.com/1.html']);
  });

  it('refuses unknown channels', async () => {
    const { effects } = recordingEffects();
    const error = await rejectionOf(handleDesktopRequest('huixin:run-shell', PAGE, ['rm -rf /'], { rendererOrigin: ORIGIN, effects }));
    expect(error.code).toBe('unknown_channel');
  });

  it('does not hand out a broken app info', async () => {
    const { effects } = recordingEffects({ version: '0.1.0', platform: 'linux', serverUrl: 'not a url' });
    await expect(handleDesktopRequest(DesktopChannels.getAppInfo, PAGE, [], { rendererOrigin: ORIGIN, effects })).rejects.toThrow();
  });
});

describe('registerDesktopIpc', () => {
  it('registers exactly the channels of the shared contract, each checking its sender', async () => {
    const listeners = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    const { calls, effects } = recordingEffects();
    registerDesktopIpc({ handle: (channel, listener) => void listeners.set(channel, listener) }, { rendererOrigin: ORIGIN, effects });

    expect([...listeners.keys()].sort()).toEqual([...Object.values(DesktopChannels)].sort());
    expect(DESKTOP_CHANNEL_NAMES).toHaveLength(Object.keys(DesktopChannels).length);

    const setUnread = listeners.get(DesktopChannels.setUnreadCount);
    if (setUnread === undefined) throw new Error('setUnreadCount not registered');
    await setUnread({ senderFrame: { url: PAGE } }, 9);
    await expect(setUnread({ senderFrame: null }, 10)).rejects.toThrow(/not the Huixin window/);
    await expect(setUnread({ senderFrame: { url: 'https://evil.test/' } }, 11)).rejects.toThrow(IpcRequestError);
    expect(calls.unread).toEqual([9]);
  });
});
