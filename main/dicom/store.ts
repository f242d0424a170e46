// The managed DICOM store: imported files are copied under <dataDir>/dicom/<caseId>/<series>/<sop>.dcm,
// so that sources on CDs and USB sticks can go away. Copies are written to a temporary name and
// renamed, so a killed import never leaves a partial file under a final name.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** UIDs are digits and dots; anything else (broken files) is hashed so it cannot escape the folder. */
function safeName(uid: string): string {
  return /^[0-9.]{1,64}$/.test(uid) ? uid : createHash('sha256').update(uid).digest('hex').slice(0, 32);
}

export function storeRelativePath(caseId: string, seriesInstanceUID: string, sopInstanceUID: string): string {
  return join('dicom', caseId, safeName(seriesInstanceUID), `${safeName(sopInstanceUID)}.dcm`);
}

export async function copyIntoStore(dataDir: string, source: string, relativePath: string): Promise<void> {
  const target = join(dataDir, relativePath);
  await mkdir(join(target, '..'), { recursive: true });
  const temporary = `${target}.${process.pid}.partial`;
  await copyFile(source, temporary);
  await rename(temporary, target);
}
