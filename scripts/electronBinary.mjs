// Where the Electron binary is, or null. Never `require('electron')`: since Electron 45 that starts a
// download from the internet when the binary is missing, and this app must make no network requests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function electronBinary() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');
  const pathFile = join(root, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(root, 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : null;
}
