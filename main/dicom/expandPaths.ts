// Turns what the user chose (files, folders, DICOMDIRs) into the list of files to read.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImportFailure } from '../../preload/api.ts';
import { readDicomdirReferences } from './dicomdir.ts';

async function walk(folder: string, out: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** A system error as our own code and sentence (no raw errno text for the user). */
export function fileError(path: string, error: unknown): ImportFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { path, code: 'not-found', reason: 'no such file or folder' };
  if (code === 'EACCES' || code === 'EPERM') return { path, code: 'unreadable', reason: 'cannot be read: permission denied' };
  if (code === 'EISDIR') return { path, code: 'unreadable', reason: 'cannot be read: it is a folder' };
  return { path, code: 'unreadable', reason: `cannot be read (${code ?? 'unknown error'})` };
}

export interface ExpandedPaths {
  files: string[];
  failed: ImportFailure[];
  /** DICOMDIRs given by the user, read as an index of the files to import. */
  dicomdirs: number;
}

export async function expandPaths(paths: readonly string[]): Promise<ExpandedPaths> {
  const files: string[] = [];
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
      if (info.isDirectory()) await walk(path, files);
      else if (basename(path).toUpperCase().startsWith('DICOMDIR')) {
        const referenced = await readDicomdirReferences(path);
        dicomdirs++;
        for (const file of referenced) {
          if (existsSync(file)) files.push(file);
          else failed.push({ path: file, code: 'not-found', reason: `listed in ${path} but missing` });
        }
      } else files.push(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failed.push(code ? fileError(path, error) : { path, code: 'unreadable', reason: 'the DICOMDIR cannot be read (damaged file)' });
    }
  }
  return { files: [...new Set(files)], failed, dicomdirs };
}
