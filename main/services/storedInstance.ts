// One stored DICOM file, as its original bytes, for the viewer's image loader (web route and Electron
// protocol alike) and for export.
import type { Readable } from 'node:stream';
import type { Core } from '../core.ts';
import { openStored } from '../dicom/store.ts';

export interface InstanceBytes {
  size: number;
  stream: Readable;
}

/** Null when the case or the instance is unknown, or its file is missing from the store. */
export async function openInstanceBytes(core: Core, caseId: string, sopInstanceUID: string): Promise<InstanceBytes | null> {
  if (!core.library.hasCase(caseId)) return null;
  const caseFile = core.library.openCase(caseId);
  const storePath = caseFile.imaging.storePath(sopInstanceUID);
  if (!storePath) return null;
  try {
    return await openStored(core.dataDir, caseFile.storeKey, storePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
