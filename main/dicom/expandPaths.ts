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

export async function expandPaths(paths: readonly string[]): Promise<{ files: string[]; failed: ImportFailure[] }> {
  const files: string[] = [];
  const failed: ImportFailure[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) await walk(path, files);
      else if (basename(path).toUpperCase().startsWith('DICOMDIR')) {
        const referenced = await readDicomdirReferences(path);
        for (const file of referenced) {
          if (existsSync(file)) files.push(file);
          else failed.push({ path: file, reason: `listed in ${path} but missing` });
        }
      } else files.push(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failed.push({ path, reason: code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${String((error as Error).message ?? error)}` });
    }
  }
  return { files: [...new Set(files)], failed };
}
