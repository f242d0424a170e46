#!/usr/bin/env node
// The `precis` command. Runs the pre-bundled CLI (out/cli/precis.mjs, `node scripts/buildCli.mjs` or
// `npm run build`) when it is newer than every source file, which saves Node's type stripping of each
// module at every start; otherwise (a fresh clone, a source edited since the build, or
// PRECIS_FROM_SOURCES=1) the TypeScript sources directly (Node >= 22.18 strips types).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'ExperimentalWarning') process.stderr.write(`${w.name}: ${w.message}\n`);
});

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}out/cli/precis.mjs`;

/** True when no file under the folders the bundle is built from changed after it (a few ms of stats). */
function bundleFresh() {
  if (process.env.PRECIS_FROM_SOURCES === '1' || !existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  for (const folder of ['main', 'preload']) {
    for (const entry of readdirSync(`${root}${folder}`, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > built) return false;
    }
  }
  return statSync(`${root}package-lock.json`).mtimeMs <= built;
}

const { run } = await import(bundleFresh() ? bundle : '../main/cli/index.ts');
await run(process.argv.slice(2));
