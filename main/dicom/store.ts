// The managed DICOM store: imported files are kept under <dataDir>/dicom/<caseId>/<opaque name>, each
// encrypted with its case's store key (storeCipher.ts), so that sources on CDs and USB sticks can go
// away and nothing in the store can be read without the case key (erasing the key erases the images).
// Names are random: they say nothing about the patient, the study or the series. Copies are written
// into dicom/.incoming/<pid>/ and renamed into place, so a killed import never leaves a partial file
// under a final name, and the next import removes what a dead process left in .incoming.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type { SourceReader } from './source.ts';
import { CipherReader, SealedFileWriter } from './storeCipher.ts';
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

/** Creates `path` for writing only (never an existing file), making its folder the first time. */
async function createNew(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    return open(path, 'wx', 0o600);
  }
}

async function renameInto(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
    await mkdir(dirname(to), { recursive: true, mode: 0o700 });
    await rename(from, to);
  }
}

/** Encrypts one source file into the case's store; returns where it went and what it was. */
export async function writeToStore(dataDir: string, storeKey: Buffer, caseId: string, sourcePath: string, reader: SourceReader): Promise<StoredFile> {
  const name = randomBytes(16).toString('hex');
  const temporary = join(incomingDir(dataDir), name);
  const hash = createHash('sha256');
  let size = 0;
  const handle = await createNew(temporary);
  try {
    const writer = new SealedFileWriter(handle, storeKey, name);
    for await (const piece of reader.stream(sourcePath)) {
      hash.update(piece);
      size += piece.length;
      await writer.push(piece);
    }
    await writer.end();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  const storePath = join('dicom', caseId, name);
  await renameInto(temporary, join(dataDir, storePath));
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
