// A run's label volume at rest: <dataDir>/masks/<caseId>/<runId>, the raw Uint8 labels (x fastest, the
// series' grid) sealed with the case's store key in the store's chunked AES-GCM format (storeCipher.ts),
// the file's key bound to its name (the run id). Written to a temporary name in the same folder, synced
// and renamed into place, so a killed run never leaves a partial file under a final name; a leftover
// (".<runId>.<pid>.partial", sealed like the rest) is never listed or exported and goes with the folder
// when the case is erased.
// The folder is separate from dicom/<caseId>/, whose files not referenced by an instance are swept.
import { open, readdir, rename, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openStored, readStored } from '../../dicom/store.ts';
import { SealedFileWriter } from '../../dicom/storeCipher.ts';

/** The masks folder of a case, relative to the data directory. */
export const masksFolder = (caseId: string): string => join('masks', caseId);

/** Where a run's label volume lives, relative to the data directory. */
export const maskStorePath = (caseId: string, runId: string): string => join(masksFolder(caseId), runId);

/** A run id is a file name here: refuse anything that could leave the folder. */
export function assertRunId(runId: string): void {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(runId)) throw new Error(`Not a run id: ${JSON.stringify(runId)}`);
}

/** Encrypts `labels` into the run's mask file, atomically; returns its path relative to the data directory. */
export async function writeLabelVolume(dataDir: string, storeKey: Buffer, caseId: string, runId: string, labels: Uint8Array): Promise<string> {
  assertRunId(runId);
  const folder = join(dataDir, masksFolder(caseId));
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.${runId}.${process.pid}.partial`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    const writer = new SealedFileWriter(handle, storeKey, runId);
    await writer.push(labels);
    await writer.end();
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  const storePath = maskStorePath(caseId, runId);
  await rename(temporary, join(dataDir, storePath));
  return storePath;
}

/** The label bytes as a stream that authenticates every chunk, and their count: a mask file is sealed
 *  like a stored DICOM file (its name, the run id, bound in), so the store reads it. */
export async function openLabelVolume(dataDir: string, storeKey: Buffer, caseId: string, runId: string): Promise<{ size: number; stream: Readable }> {
  assertRunId(runId);
  return openStored(dataDir, storeKey, maskStorePath(caseId, runId));
}

/** The label bytes, whole. */
export async function readLabelVolume(dataDir: string, storeKey: Buffer, caseId: string, runId: string): Promise<Uint8Array> {
  assertRunId(runId);
  return new Uint8Array(await readStored(dataDir, storeKey, maskStorePath(caseId, runId)));
}

/** Names of the case's mask files (no partial ones). */
export async function maskFileNames(dataDir: string, caseId: string): Promise<string[]> {
  const names = await readdir(join(dataDir, masksFolder(caseId))).catch(() => [] as string[]);
  return names.filter((n) => !n.startsWith('.')).sort();
}
