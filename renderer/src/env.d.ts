/// <reference types="vite/client" />
import type { HuixinDesktopApi } from '../../shared';

declare global {
  interface Window {
    /** Present only inside the Electron app (see electron/preload). */
    huixin?: HuixinDesktopApi;
  }
  interface ImportMetaEnv {
    readonly VITE_HUIXIN_SERVER_URL?: string;
  }
}

export {};
