// The import as the running app does it: a job in a core that is already open (key derived, library
// open, a first job already run so the job host's modules are loaded), store encrypted. Only the job is
// timed, from start to its finish report: what a user waits for after choosing a folder in the web host
// or the app, without process start or key derivation (the CLI rows have those).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCore } from '../../main/core.ts';
import type { BenchContext } from './context.ts';
import { freshDir, PASSPHRASE, remove } from './context.ts';

export interface InProcessRun {
  seconds: number;
  imported: number;
}

/** One import of `folder` into a fresh data directory, timed inside an open core. */
export async function importInProcess(ctx: BenchContext, folder: string): Promise<InProcessRun> {
  const dataDir = freshDir(ctx, 'in-process-data');
  const empty = join(ctx.tmp, 'in-process-empty');
  mkdirSync(empty, { recursive: true });
  const core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'bench');
  try {
    // Warm: the first job loads the job host and runner modules, as a running web host has done already.
    await core.jobs.wait(core.jobs.startImport([empty], { actor: 'bench' }));
    const started = performance.now();
    const status = await core.jobs.wait(core.jobs.startImport([folder], { actor: 'bench' }));
    const seconds = (performance.now() - started) / 1000;
    if (!status.report) throw new Error(`in-process import: ${status.state} ${status.error?.message ?? ''}`);
    return { seconds, imported: status.report.imported };
  } finally {
    await core.close();
    remove(dataDir);
  }
}
