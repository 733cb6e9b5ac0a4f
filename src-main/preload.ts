// Preload for the main window: runs sandboxed with context isolation, so it is bundled to one
// CommonJS file (preload.cjs, see vite.preload.config.ts) and may only require 'electron'.
// It exposes exactly one global, `window.ceiba`, and never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'ceiba',
  createBridge((channel, args) => ipcRenderer.invoke(channel, ...args)),
);
