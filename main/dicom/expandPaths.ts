// Turns what the user chose (files, folders, DICOMDIRs) into the files to read, in batches: one per
// folder (in walk order), so that an import can store the series of a folder when the walk leaves it.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFailure } from '../../preload/api.ts';
import { readDicomdirReferences } from './dicomdir.ts';

/** A system error as our own code and sentence (no raw errno text for the user). */
export function fileError(path: string, error: unknown): ImportFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { path, code: 'not-found', reason: 'no such file or folder' };
  if (code === 'EACCES' || code === 'EPERM') return { path, code: 'unreadable', reason: 'cannot be read: permission denied' };
  if (code === 'EISDIR') return { path, code: 'unreadable', reason: 'cannot be read: it is a folder' };
  return { path, code: 'unreadable', reason: `cannot be read (${code ?? 'unknown error'})` };
}

export interface ExpandedPaths {
  /** The files to read, each once, in batches: a folder's own files, a file given alone, a DICOMDIR's
   *  list. A single folder is walked as the batches are asked for, so that half a million paths are never
   *  held at once (about 100 MB); other selections are listed up front, deduplicated. */
  batches(): AsyncGenerator<string[]>;
  /** How many files in all the batches (counted before the import reads any). */
  total: number;
  failed: ImportFailure[];
  /** DICOMDIRs given by the user, read as an index of the files to import. */
  dicomdirs: number;
}

/** Files under a folder, counted without keeping their names. */
async function countFiles(folder: string): Promise<number> {
  const entries = await readdir(folder, { withFileTypes: true });
  let count = 0;
  for (const entry of entries) {
    if (entry.isFile()) count++;
    else if (entry.isDirectory()) count += await countFiles(join(folder, entry.name));
  }
  return count;
}

/** The folder's own files as one batch (name order), then its subfolders' (name order), one at a time. */
async function* walkBatches(folder: string): AsyncGenerator<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files = entries.filter((e) => e.isFile()).map((e) => join(folder, e.name));
  if (files.length > 0) yield files;
  for (const entry of entries) if (entry.isDirectory()) yield* walkBatches(join(folder, entry.name));
}

export async function expandPaths(paths: readonly string[]): Promise<ExpandedPaths> {
  const only = paths.length === 1 ? (paths[0] as string) : null;
  const info = only === null ? null : await stat(only).catch(() => null);
  if (only !== null && info?.isDirectory()) {
    try {
      const total = await countFiles(only);
      return { batches: () => walkBatches(only), total, failed: [], dicomdirs: 0 };
    } catch (error) {
      return { batches: async function* () {}, total: 0, failed: [fileError(only, error)], dicomdirs: 0 };
    }
  }
  return listed(paths);
}

async function listed(paths: readonly string[]): Promise<ExpandedPaths> {
  const found: string[][] = [];
  const failed: ImportFailure[] = [];
  let dicomdirs = 0;
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      failed.push(fileError(path, error));
      continue;
    }
    try {
      if (info.isDirectory()) for await (const batch of walkBatches(path)) found.push(batch);
      else if (basename(path).toUpperCase().startsWith('DICOMDIR')) {
        const referenced = await readDicomdirReferences(path);
        dicomdirs++;
        const listedFiles: string[] = [];
        for (const file of referenced) {
          if (existsSync(file)) listedFiles.push(file);
          else failed.push({ path: file, code: 'not-found', reason: `listed in ${path} but missing` });
        }
        found.push(listedFiles);
      } else found.push([path]);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failed.push(code ? fileError(path, error) : { path, code: 'unreadable', reason: 'the DICOMDIR cannot be read (damaged file)' });
    }
  }
  const { batches, total } = dedupe(found);
  return {
    batches: async function* () {
      yield* batches;
    },
    total,
    failed,
    dicomdirs,
  };
}

/** Each file once (the first batch that has it keeps it); files given one by one share a batch. */
function dedupe(found: string[][]): { batches: string[][]; total: number } {
  const seen = new Set<string>();
  const batches: string[][] = [];
  let total = 0;
  let singles: string[] | null = null;
  for (const batch of found) {
    const fresh = batch.filter((f) => !seen.has(f));
    for (const f of fresh) seen.add(f);
    total += fresh.length;
    if (fresh.length === 0) continue;
    // Files named one by one (a selection in a file dialog) are usually one series: one batch.
    if (batch.length === 1 && singles) singles.push(...fresh);
    else batches.push(fresh);
    singles = batch.length === 1 ? (batches.at(-1) as string[]) : null;
  }
  return { batches, total };
}
