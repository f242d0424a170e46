// Uploads (files dropped on or picked in the app, which has no path to read them from) wait for their
// import in dicom/.staging/<pid>/<batch>/, encrypted as they arrive with a key derived from the master
// key: never in clear on disk. The folder carries the owning process' id, so what a dead process left
// is swept (store.ts sweepScratch); a finished import removes its batch.
import { createWriteStream } from 'node:fs';
import { mkdir, statfs } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.ts';
import { deriveSubkey } from '../security/keys.ts';
import { STAGED_CONTEXT, type StagingAccess } from './source.ts';
import { encryptChunks } from './storeCipher.ts';

/** Space kept free on the data directory's disk whatever is uploaded (bytes). */
const DISK_RESERVE = 256 * 1024 * 1024;

export function stagingAccess(dataDir: string, masterKey: Buffer, pid: number = process.pid): StagingAccess {
  return { root: join(dataDir, 'dicom', '.staging', String(pid)), key: deriveSubkey(masterKey, 'staging') };
}

export function batchFolder(staging: StagingAccess, batchId: string): string {
  if (!/^[A-Za-z0-9-]{8,64}$/.test(batchId)) throw new AppError('invalid-argument', 'An upload batch id is 8 to 64 letters, digits or dashes.');
  return join(staging.root, batchId);
}

function safeRelativePath(relativePath: string): string {
  const normal = normalize(relativePath);
  if (isAbsolute(relativePath) || relativePath.split(/[\\/]/).includes('..') || normal.split(sep).includes('..') || normal === '.') {
    throw new AppError('invalid-argument', `"${relativePath}" is not a file name inside the selection.`);
  }
  return normal;
}

/** Where one uploaded file of a batch is (the path checked to stay inside the batch). */
export function stagedFile(staging: StagingAccess, batchId: string, relativePath: string): string {
  return join(batchFolder(staging, batchId), safeRelativePath(relativePath));
}

/** Refuses an upload that would leave less than the reserve free on the data directory's disk. */
export async function checkStagingSpace(staging: StagingAccess, bytes: number): Promise<void> {
  await mkdir(staging.root, { recursive: true, mode: 0o700 });
  const fs = await statfs(staging.root);
  const free = fs.bavail * fs.bsize;
  if (bytes + DISK_RESERVE > free) {
    throw new AppError('no-space', `Not enough free disk space for this upload: it needs ${Math.ceil(bytes / 1e6)} MB and ${Math.floor(free / 1e6)} MB are free.`);
  }
}

/** Encrypts one uploaded file into its batch as it arrives; returns its size in bytes (plaintext). */
export async function writeStagedFile(staging: StagingAccess, batchId: string, relativePath: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<number> {
  const target = stagedFile(staging, batchId, relativePath);
  await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
  let size = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const piece of body) {
      size += piece.length;
      yield piece;
    }
  }
  await pipeline(Readable.from(encryptChunks(counted(), staging.key, STAGED_CONTEXT)), createWriteStream(target, { mode: 0o600 }));
  return size;
}
