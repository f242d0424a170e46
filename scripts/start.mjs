// npm start: the Electron app where the Electron binary exists; otherwise (or with --web) the same app
// through the loopback web host in the local Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { electronBinary } from './electronBinary.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.removeAllListeners('warning');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const rendererDir = join(root, 'out', 'renderer');


function ensureBuilt(what) {
  if (existsSync(join(root, what))) return;
  process.stderr.write('Building the app once (npm run build)...\n');
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const electron = args.includes('--web') ? null : electronBinary();
if (electron) {
  ensureBuilt('out/main/electron.mjs');
  const child = spawn(electron, [join(root, 'out', 'main', 'electron.mjs'), ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!args.includes('--web')) process.stderr.write('Electron binary not available here: opening Precis through the web host in Chromium instead.\n');
  ensureBuilt('out/renderer/index.html');
  const { startWebFromCommandLine } = await import('../main/web/start.ts');
  try {
    await startWebFromCommandLine(args, rendererDir);
  } catch (error) {
    process.stderr.write(`precis: ${error?.message ?? error}\n`);
    process.exit(1);
  }
}
