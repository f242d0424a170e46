// The managed DICOM store: imported files are kept under <dataDir>/dicom/<caseId>/<opaque name>, each
// encrypted with its case's store key (storeCipher.ts), so that sources on CDs and USB sticks can go
// away and nothing in the store can be read without the case key (erasing the key erases the images).
// Names are random: they say nothing about the patient, the study or the series. Copies are written
// into dicom/.incoming/<pid>/ and renamed into place, so a killed import never leaves a partial file
// under a final name, and the next import removes what a dead process left in .incoming.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SourceReader } from './source.ts';
import { CipherReader, encryptChunks } from './storeCipher.ts';
import { processAlive } from '../storage/processes.ts';

export interface StoredFile {
  /** Relative to the data directory. */
  storePath: string;
  /** Bytes of the original file. */
  size: number;
  /** sha256 of the original file's bytes, hex. */
  sha256: string;
}

const incomingDir = (dataDir: string, pid: number = process.pid): string => join(dataDir, 'dicom', '.incoming', String(pid));

/** Encrypts one source file into the case's store; returns where it went and what it was. */
export async function writeToStore(dataDir: string, storeKey: Buffer, caseId: string, sourcePath: string, reader: SourceReader): Promise<StoredFile> {
  const name = randomBytes(16).toString('hex');
  const incoming = incomingDir(dataDir);
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  const temporary = join(incoming, name);
  const hash = createHash('sha256');
  let size = 0;
  async function* measured(): AsyncGenerator<Uint8Array> {
    for await (const piece of reader.stream(sourcePath)) {
      hash.update(piece);
      size += piece.length;
      yield piece;
    }
  }
  await pipeline(Readable.from(encryptChunks(measured(), storeKey, name)), createWriteStream(temporary, { mode: 0o600, flags: 'wx' }));
  await mkdir(join(dataDir, 'dicom', caseId), { recursive: true, mode: 0o700 });
  const storePath = join('dicom', caseId, name);
  await rename(temporary, join(dataDir, storePath));
  return { storePath, size, sha256: hash.digest('hex') };
}

/** A stored file as its original bytes: the size, and a stream that authenticates every chunk. */
export async function openStored(dataDir: string, storeKey: Buffer, storePath: string): Promise<{ size: number; stream: Readable }> {
  const handle = await open(join(dataDir, storePath), 'r');
  try {
    const reader = await CipherReader.open(handle, storeKey, basename(storePath));
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        yield* reader.chunks();
      } finally {
        await handle.close();
      }
    }
    return { size: reader.plainSize, stream: Readable.from(chunks()) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A stored file's original bytes, whole. */
export async function readStored(dataDir: string, storeKey: Buffer, storePath: string): Promise<Buffer> {
  const { stream } = await openStored(dataDir, storeKey, storePath);
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}


/** Scratch folders (`.incoming/<pid>`, `.staging/<pid>`) of processes that are gone. */
async function deadScratch(dataDir: string, folder: string): Promise<string[]> {
  const root = join(dataDir, 'dicom', folder);
  const entries = await readdir(root).catch(() => [] as string[]);
  return entries.filter((name) => {
    const pid = Number(name);
    return Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
  }).map((name) => join(root, name));
}

/** Removes partial copies and staged uploads left by processes that are gone (killed, crashed);
 *  returns how many dead imports left copies behind (their stored files may need a sweep). */
export async function sweepScratch(dataDir: string): Promise<number> {
  const incoming = await deadScratch(dataDir, '.incoming');
  for (const dir of [...incoming, ...(await deadScratch(dataDir, '.staging'))]) await rm(dir, { recursive: true, force: true });
  return incoming.length;
}

/** True while another live process is importing (it may have stored files it has not committed yet). */
export async function otherImportRunning(dataDir: string): Promise<boolean> {
  const entries = await readdir(join(dataDir, 'dicom', '.incoming')).catch(() => [] as string[]);
  return entries.some((name) => Number(name) !== process.pid && Number.isInteger(Number(name)) && processAlive(Number(name)));
}

/** Removes this process' own scratch folder once its import is over. */
export async function clearIncoming(dataDir: string): Promise<void> {
  await rm(incomingDir(dataDir), { recursive: true, force: true });
}

/** Removes the files of `caseId`'s store folder that no committed instance refers to. */
export async function removeUnreferenced(dataDir: string, caseId: string, referenced: ReadonlySet<string>): Promise<number> {
  const folder = join('dicom', caseId);
  const names = await readdir(join(dataDir, folder)).catch(() => [] as string[]);
  const orphans = names.filter((name) => !referenced.has(join(folder, name)));
  for (const name of orphans) await rm(join(dataDir, folder, name), { recursive: true, force: true });
  return orphans.length;
}
