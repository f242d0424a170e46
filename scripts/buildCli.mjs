// The `precis` CLI, pre-bundled into out/cli (with its job thread and runners beside it, where
// main/jobs/kind.ts looks for them when bundled): a start from the bundle skips Node's type stripping of
// every source module (about 0.1 s of each `precis` command). bin/precis.mjs runs it only when it is
// newer than every source; a fresh clone without a build runs the sources. `node scripts/buildCli.mjs`
// builds only this; `npm run build` builds it too.
import { build as esbuild } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli() {
  const kinds = readdirSync(join(root, 'main/jobs/kinds'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  await esbuild({
    bundle: true,
    platform: 'node',
    target: 'node22',
    logLevel: 'warning',
    // Native modules and packages that load their own files at run time stay outside (as in build.mjs).
    external: ['electron', 'better-sqlite3-multiple-ciphers', '@itk-wasm/dicom', 'onnxruntime-node'],
    entryPoints: {
      precis: join(root, 'main/cli/index.ts'),
      'job-threadEntry': join(root, 'main/jobs/threadEntry.ts'),
      'job-processEntry': join(root, 'main/jobs/processEntry.ts'),
      'decode-child': join(root, 'main/dicom/decode/decodeChild.ts'),
      ...Object.fromEntries(kinds.map((kind) => [`job-${kind}`, join(root, 'main/jobs/kinds', kind, 'run.ts')])),
    },
    outdir: join(root, 'out/cli'),
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildCli();
  process.stdout.write(`built out/cli in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
