// A data directory written before the store was encrypted (up to commit b591180) keeps its DICOM files
// in clear, named by Series and SOP Instance UIDs. At the first open they are encrypted in place with
// their case's store key under random names. Each file is written, then its row updated, then the clear
// copy removed: a kill at any point leaves every instance readable, and the next open goes on.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Library } from '../library/index.ts';
import { encryptFileSync } from '../dicom/storeCipher.ts';

/** Encrypts every clear file of every case; returns how many files it encrypted. */
export function encryptClearStore(library: Library): number {
  // Done once per library: a library of thousands of patients is not reopened case by case at every start.
  if (library.maintenance.isDone('store-encrypted')) return 0;
  let count = 0;
  for (const caseId of library.caseIds()) {
    const caseFile = library.openCase(caseId);
    const clear = caseFile.imaging.clearStored();
    if (clear.length === 0) continue;
    const scratch = join(library.dataDir, 'dicom', '.incoming', String(process.pid));
    mkdirSync(scratch, { recursive: true, mode: 0o700 });
    for (const { SOPInstanceUID, storePath } of clear) {
      const source = join(library.dataDir, storePath);
      if (!existsSync(source)) continue; // a file lost before the upgrade stays "missing from the store"
      const name = randomBytes(16).toString('hex');
      const target = join('dicom', caseId, name);
      encryptFileSync(source, join(scratch, name), caseFile.storeKey, name);
      renameSync(join(scratch, name), join(library.dataDir, target));
      caseFile.imaging.relocateStored(SOPInstanceUID, target);
      rmSync(source, { force: true });
      removeEmptyFolders(dirname(source), join(library.dataDir, 'dicom', caseId));
      count++;
    }
    rmSync(scratch, { recursive: true, force: true });
  }
  library.maintenance.markDone('store-encrypted');
  return count;
}

function removeEmptyFolders(folder: string, stopAt: string): void {
  let current = folder;
  while (current.startsWith(stopAt) && current !== stopAt && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = dirname(current);
  }
}

/** Everything the app writes is for this user only: 0700 folders, 0600 files, whatever existed before
 *  (a data directory created by hand or by an older release with 0755/0644). */
export function restrictPermissions(dataDir: string): void {
  const walk = (path: string, isFolder: boolean): void => {
    try {
      chmodSync(path, isFolder ? 0o700 : 0o600);
    } catch (error) {
      // Another Precis starting on the same directory removed it meanwhile (a key file's temporary copy,
      // renamed or unlinked between our listing and this call): nothing left to restrict.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (!isFolder) return;
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // removed meanwhile, as above
      throw error;
    }
    for (const entry of entries) {
      // The store can hold many thousand files: its files are created 0600 (umask), only its folders
      // are checked here.
      if (entry.isDirectory()) walk(join(path, entry.name), true);
      else if (entry.isFile() && !path.includes(`${join(dataDir, 'dicom')}`)) walk(join(path, entry.name), false);
    }
  };
  walk(dataDir, true);
}
