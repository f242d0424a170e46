// Writing an export file that must never replace anything: written beside it under a temporary name,
// then linked into place (link fails when the name exists), so two exports to one name never mix.
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../errors.ts';

/** Writes `bytes` to `file` unless something is there already (code 'file-exists'). */
export async function writeNewFile(file: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial-${process.pid}`;
  try {
    await writeFile(partial, bytes, { flag: 'wx', mode: 0o600 });
    await link(partial, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('file-exists', `${file} already exists: choose another file name; nothing was written.`);
    throw error;
  } finally {
    await rm(partial, { force: true });
  }
}
