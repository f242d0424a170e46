// DICOMDIR (PS3.10 media directory): the files it references, relative to its own folder.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import dicomParser from 'dicom-parser';

export const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';

/** Resolves a path component case-insensitively: media written on one system, read on another. */
function resolveComponent(folder: string, component: string): string {
  const exact = join(folder, component);
  try {
    const match = readdirSync(folder).find((name) => name.toUpperCase() === component.toUpperCase());
    return match ? join(folder, match) : exact;
  } catch {
    return exact;
  }
}

export async function readDicomdirReferences(path: string): Promise<string[]> {
  const dataSet = dicomParser.parseDicom(await readFile(path));
  const records = dataSet.elements.x00041220?.items ?? [];
  const files: string[] = [];
  for (const record of records) {
    const fileId = record.dataSet?.string('x00041500');
    if (!fileId) continue;
    let resolved = dirname(path);
    for (const component of fileId.trim().split('\\').filter(Boolean)) resolved = resolveComponent(resolved, component);
    files.push(resolved);
  }
  return files;
}
