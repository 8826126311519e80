import { z } from 'zod';
import {
  appInfoSchema,
  DesktopChannels,
  externalUrlSchema,
  notificationSchema,
  unreadCountSchema,
  type AppInfo,
  type DesktopNotification,
} from '../../shared/desktop/api';
import { isAllowedExternalUrl, isSameOrigin } from './urls';

/**
 * The main-process side of the desktop bridge (see shared/desktop/api.ts). Every channel
 * declares the exact tuple of arguments it accepts; anything else is refused before a
 * handler runs. The effects (badge, notification, browser) are injected, so this module
 * is plain logic that tests drive without Electron.
 */

/** What the handlers may do to the desktop; implemented with Electron APIs in index.ts. */
export interface DesktopEffects {
  appInfo(): AppInfo;
  setUnreadCount(count: number): void;
  notify(notification: DesktopNotification): void;
  openExternal(url: string): Promise<void>;
}

type Channel = (typeof DesktopChannels)[keyof typeof DesktopChannels];

interface ChannelSpec<A extends z.ZodTuple> {
  readonly args: A;
  run(args: z.infer<A>, effects: DesktopEffects): Promise<unknown>;
}

function spec<A extends z.ZodTuple>(args: A, run: ChannelSpec<A>['run']): ChannelSpec<A> {
  return { args, run };
}

/** Strings longer than this are refused before any URL parsing happens. */
const MAX_URL_ARGUMENT = 2048;

const channelSpecs = {
  [DesktopChannels.getAppInfo]: spec(z.tuple([]), async (_args, effects) => appInfoSchema.parse(effects.appInfo())),
  [DesktopChannels.setUnreadCount]: spec(z.tuple([unreadCountSchema]), async ([count], effects) => {
    effects.setUnreadCount(count);
  }),
  [DesktopChannels.notify]: spec(z.tuple([notificationSchema]), async ([notification], effects) => {
    effects.notify(notification);
  }),
  // A well-formed string that is not an allowed link is an answer (false), not an error:
  // buyers paste all kinds of links and the renderer shows "cannot open" for those.
  [DesktopChannels.openExternal]: spec(z.tuple([z.string().max(MAX_URL_ARGUMENT)]), async ([url], effects) => {
    if (!externalUrlSchema.safeParse(url).success || !isAllowedExternalUrl(url)) return false;
    await effects.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK: checked by the line above */
    return true;
  }),
} satisfies Record<Channel, ChannelSpec<z.ZodTuple>>;

export const DESKTOP_CHANNEL_NAMES: readonly Channel[] = Object.values(DesktopChannels);

export class IpcRequestError extends Error {
  constructor(
    readonly code: 'untrusted_sender' | 'bad_arguments' | 'unknown_channel',
    message: string,
  ) {
    super(message);
    this.name = 'IpcRequestError';
  }
}

/**
 * Handles one invoke: checks that the calling frame is the app's own page, parses the
 * arguments with the channel's schema, then runs the handler. The error text is what the
 * renderer sees in its rejected promise, so it names the problem without echoing input.
 */
export async function handleDesktopRequest(
  channel: string,
  senderFrameUrl: string | null | undefined,
  rawArgs: readonly unknown[],
  context: { readonly rendererOrigin: string; readonly effects: DesktopEffects },
): Promise<unknown> {
  if (!isSameOrigin(senderFrameUrl, context.rendererOrigin)) {
    throw new IpcRequestError('untrusted_sender', `Refused ${channel}: the caller is not the Huixin window`);
  }
  if (!isChannel(channel)) {
    throw new IpcRequestError('unknown_channel', `Unknown desktop channel: ${channel}`);
  }
  const channelSpec: ChannelSpec<z.ZodTuple> = channelSpecs[channel];
  const parsed = channelSpec.args.safeParse(rawArgs);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    throw new IpcRequestError('bad_arguments', `Bad arguments for ${channel}: ${issues}`);
  }
  return channelSpec.run(parsed.data, context.effects);
}

function isChannel(name: string): name is Channel {
  return (DESKTOP_CHANNEL_NAMES as readonly string[]).includes(name);
}

/** The slice of Electron's ipcMain and its event that registration needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}
export interface IpcInvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** Registers one handler per desktop channel on ipcMain. */
export function registerDesktopIpc(
  ipcMain: IpcMainLike,
  context: { readonly rendererOrigin: string; readonly effects: DesktopEffects },
): void {
  for (const channel of DESKTOP_CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, ...args) => handleDesktopRequest(channel, event.senderFrame?.url, args, context));
  }
}
