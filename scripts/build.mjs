// npm run build: the renderer with Vite (out/renderer), the Electron main process, its preload and
// the worker threads with esbuild (out/main); the `precis` CLI and its job entries (out/cli, buildCli.mjs).
// The web host runs from the TypeScript sources.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './buildCli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Every folder under main/jobs/kinds is a job kind with a run.ts. */
const jobKinds = () => readdirSync(join(root, 'main/jobs/kinds'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const started = Date.now();

await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });

// Native modules and packages that load their own files at run time (GDCM's .wasm pipelines) stay outside the bundle.
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: false, logLevel: 'warning', external: ['electron', 'better-sqlite3-multiple-ciphers', '@itk-wasm/dicom', 'onnxruntime-node'] };
await esbuild({
  ...common,
  entryPoints: {
    electron: join(root, 'main/electron/main.ts'),
    // Job hosts and each kind's runner (main/jobs/kind.ts finds them here when bundled).
    'job-threadEntry': join(root, 'main/jobs/threadEntry.ts'),
    'job-processEntry': join(root, 'main/jobs/processEntry.ts'),
    // The GDCM decoder's child process (main/services/decode/decodePool.ts finds it here when bundled).
    'decode-child': join(root, 'main/dicom/decode/decodeChild.ts'),
    ...Object.fromEntries(jobKinds().map((kind) => [`job-${kind}`, join(root, 'main/jobs/kinds', kind, 'run.ts')])),
  },
  outdir: join(root, 'out/main'),
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
// Sandboxed preloads must be CommonJS.
await esbuild({ ...common, entryPoints: [join(root, 'preload/electron.ts')], outfile: join(root, 'out/main/preload.cjs'), format: 'cjs' });
await buildCli();
process.stdout.write(`built out/renderer, out/main and out/cli in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
