// What a killed import leaves behind, removed at the next import: its partial copies (.incoming), the
// uploads it staged (.staging) and the files it had renamed into the store for a series it never
// committed (with random store names, a re-run does not overwrite them: they would stay forever).
import type { Library } from '../../library/index.ts';
import { otherImportRunning, removeUnreferenced, sweepScratch } from '../../dicom/store.ts';

/** Returns how many dead imports were found (each one also gets an audit record from the caller). */
export async function sweepStore(library: Library): Promise<{ deadImports: number; orphans: number }> {
  const deadImports = await sweepScratch(library.dataDir);
  let orphans = 0;
  // Another live import may have stored files it has not committed yet: leave the store to it.
  if (deadImports > 0 && !(await otherImportRunning(library.dataDir))) {
    for (const caseId of library.caseIds()) {
      orphans += await removeUnreferenced(library.dataDir, caseId, library.openCase(caseId).imaging.storedPaths());
    }
  }
  return { deadImports, orphans };
}
