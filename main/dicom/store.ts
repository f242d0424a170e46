// The managed DICOM store: imported files are copied under <dataDir>/dicom/<caseId>/<series>/<sop>.dcm,
// so that sources on CDs and USB sticks can go away. Copies are written into dicom/.incoming/<pid>/
// and renamed into place, so a killed import never leaves a partial file under a final name, and the
// next import removes what a dead process left in .incoming.
import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** UIDs are digits and dots; anything else (broken files) is hashed so it cannot escape the folder. */
function safeName(uid: string): string {
  return /^[0-9.]{1,64}$/.test(uid) ? uid : createHash('sha256').update(uid).digest('hex').slice(0, 32);
}

export function storeRelativePath(caseId: string, seriesInstanceUID: string, sopInstanceUID: string): string {
  return join('dicom', caseId, safeName(seriesInstanceUID), `${safeName(sopInstanceUID)}.dcm`);
}

const incomingDir = (dataDir: string, pid: number = process.pid): string => join(dataDir, 'dicom', '.incoming', String(pid));

export async function copyIntoStore(dataDir: string, source: string, relativePath: string): Promise<void> {
  const target = join(dataDir, relativePath);
  const incoming = incomingDir(dataDir);
  await mkdir(incoming, { recursive: true });
  await mkdir(join(target, '..'), { recursive: true });
  const temporary = join(incoming, randomUUID());
  await copyFile(source, temporary);
  await rename(temporary, target);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes partial copies left by imports whose process is gone (killed, crashed). */
export async function sweepIncoming(dataDir: string): Promise<number> {
  const root = join(dataDir, 'dicom', '.incoming');
  const entries = await readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const name of entries) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Removes this process' own scratch folder once its import is over. */
export async function clearIncoming(dataDir: string): Promise<void> {
  await rm(incomingDir(dataDir), { recursive: true, force: true });
}
