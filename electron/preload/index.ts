import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopApi, DESKTOP_API_GLOBAL } from './desktop-api';

// Runs sandboxed with context isolation: the page gets a frozen copy of this one object
// through the bridge and never sees ipcRenderer itself.
contextBridge.exposeInMainWorld(
  DESKTOP_API_GLOBAL,
  createDesktopApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
