// Starting imports the way a user does: files or folders on this machine (by path), uploads staged in
// a batch (streamed and encrypted as they arrive), or the demo phantom. Each becomes an import job;
// the API, the web host's upload route and the CLI call these.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { generateDemoCase } from '../dicom/demo/index.ts';
import { batchFolder, checkStagingSpace, writeStagedFile } from '../dicom/staging.ts';

/** Starts an import job; `cleanup` is a scratch folder (a staged batch, the demo) removed when it ends. */
function startImportJob(core: Core, paths: string[], cleanup?: string): { jobId: string } {
  const jobId = core.jobs.startImport(paths, {
    actor: core.actor,
    // Staged files are reported by the name the user chose, not by their place in the staging folder.
    displayPath: cleanup ? (path) => relative(cleanup, path).replace(/^files\/\d+\//, '') : undefined,
    // The job announces the cases it changed itself (library.changed, main/jobs/jobManager.ts).
    onFinish: () => {
      if (cleanup) void rm(cleanup, { recursive: true, force: true });
    },
  });
  return { jobId };
}

/** Files or folders on this machine (the caller has checked they may be read). */
export function importPaths(core: Core, paths: string[]): { jobId: string } {
  return startImportJob(core, paths);
}

/** One uploaded file into a batch; refused before a byte is written when the disk cannot take it. */
export async function stageUpload(core: Core, batchId: string, relativePath: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, size: number): Promise<number> {
  await checkStagingSpace(core.staging, size);
  return writeStagedFile(core.staging, batchId, relativePath, body);
}

/** Imports everything staged in a batch, then removes the batch. */
export function importStaged(core: Core, batchId: string): { jobId: string } {
  const folder = batchFolder(core.staging, batchId);
  if (!existsSync(folder)) throw new AppError('not-found', 'Nothing was uploaded in this batch (or it was already imported).');
  return startImportJob(core, [folder], folder);
}

/** The synthetic CT phantom: no patient's data, so it is written in clear to a scratch folder outside
 *  the data directory, imported, and removed. */
export async function importDemoCase(core: Core): Promise<{ jobId: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'precis-demo-'));
  await generateDemoCase(folder);
  return startImportJob(core, [folder], folder);
}
