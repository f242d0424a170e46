// The Electron shell: a thin adapter over the core. Only this folder imports 'electron'.
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_CHANNELS, type ApiEventName, type ApiEvents } from '../../preload/api.ts';
import { dispatch } from '../api/dispatcher.ts';
import type { HandlerContext } from '../api/types.ts';
import { openCore, type Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { electronKeySource } from './keychain.ts';
import { handlePrecisScheme, registerPrecisScheme } from './protocol.ts';
import { applySessionPolicy, lockDownContents } from './security.ts';
import { isAppFrame } from './senderCheck.ts';
import { showStartFailure } from './startFailure.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');

function dataDirFromArgs(): string {
  const index = process.argv.indexOf('--data-dir');
  return (index > 0 ? process.argv[index + 1] : undefined) ?? process.env.PRECIS_DATA_DIR ?? app.getPath('userData');
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#0b0d10',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  void win.loadURL('precis://app/index.html');
  return win;
}

function wireIpc(core: Core, win: () => BrowserWindow | null): void {
  const ctx: HandlerContext = {
    core,
    transport: 'electron',
    emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]) {
      core.events.emit(event, payload);
    },
  };
  // Every event of the core's bus, from the one list (API_EVENTS), to the window.
  core.events.onAny((event, payload) => win()?.webContents.send(`precis-event:${event}`, payload));
  // Only the app's own window, showing the app's own page, may call the API.
  const guard = (event: IpcMainInvokeEvent): void => {
    if (!isAppFrame(event.senderFrame, win()?.webContents.mainFrame)) throw new AppError('forbidden', 'Only the Precis window may call the app.');
  };
  for (const channel of API_CHANNELS) {
    ipcMain.handle(`precis:${channel}`, (event, args: unknown) => {
      guard(event);
      return dispatch(channel, args, ctx);
    });
  }
}

registerPrecisScheme();
lockDownContents();
app.enableSandbox();

void app.whenReady().then(() => {
  applySessionPolicy();
  let core: Core;
  try {
    const dataDir = dataDirFromArgs();
    core = openCore(dataDir, electronKeySource(dataDir), `app:${userInfo().username}`);
  } catch (error) {
    showStartFailure(error);
    app.exit(1);
    return;
  }
  handlePrecisScheme(core, rendererDir);
  let window: BrowserWindow | null = createWindow();
  wireIpc(core, () => window);
  app.on('window-all-closed', () => {
    window = null;
    void core.close().then(() => app.quit());
  });
});
