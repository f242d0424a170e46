// `precis import case` and its API twin: restores an export file (caseExport.ts) into this data
// directory. The case keeps its case id and its store files keep their names (each store file's key is
// bound to its name); the case key is wrapped anew under this library's master key. A library that
// already holds the patient (same case, or same PatientID grouping) is refused: nothing is merged.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { openReadable } from '../storage/database.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportManifest } from './caseExport.ts';
import { openContainer, type EntryRead } from './exportContainer.ts';

export interface CaseImportResult {
  caseId: string;
  PatientID: string;
  instances: number;
}

async function readManifest(entry: EntryRead | undefined): Promise<ExportManifest> {
  if (entry?.name !== 'manifest.json') throw new AppError('export-corrupt', 'The export file has no manifest: it is damaged; export the case again.');
  const parts: Buffer[] = [];
  for await (const part of entry.bytes) parts.push(part);
  const manifest = JSON.parse(Buffer.concat(parts).toString('utf8')) as ExportManifest;
  if (manifest.format !== EXPORT_FORMAT || manifest.version > EXPORT_VERSION) {
    throw new AppError('newer-file', 'This export file was written by a newer Precis: update Precis to import it.');
  }
  return manifest;
}

function refuseExisting(core: Core, manifest: ExportManifest): void {
  const existing = core.library.index.collidingCase(manifest.patient);
  if (!existing) return;
  const who = manifest.patient.PatientID || manifest.patient.PatientName || manifest.patient.caseId;
  throw new AppError(
    'patient-exists',
    `This library already holds patient ${who} (case ${existing}): erase that case first or import into another data directory; nothing was merged.`,
  );
}

async function writeEntry(entry: EntryRead, path: string): Promise<void> {
  await pipeline(Readable.from(entry.bytes), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
}

interface Staged {
  caseFile: string;
  storeDir: string;
  masksDir: string;
}

/** Scratch places under the data directory (never /tmp: the store files are patient data). */
function stagePaths(core: Core, caseId: string): Staged {
  const tag = `${process.pid}-${caseId}`;
  return {
    caseFile: join(core.dataDir, 'cases', `.import-${tag}.sqlite`), storeDir: join(core.dataDir, 'dicom', '.incoming', `import-${tag}`),
    masksDir: join(core.dataDir, 'masks', `.import-${tag}`),
  };
}

/** Writes the case file and the store files, as they come out of the export, to the scratch places. */
async function stageEntries(manifest: ExportManifest, entries: AsyncGenerator<EntryRead>, staged: Staged): Promise<void> {
  await rm(staged.storeDir, { recursive: true, force: true });
  await rm(staged.masksDir, { recursive: true, force: true });
  await rm(staged.caseFile, { force: true });
  await mkdir(staged.storeDir, { recursive: true, mode: 0o700 });
  await mkdir(staged.masksDir, { recursive: true, mode: 0o700 });
  const caseEntry = (await entries.next()).value as EntryRead | undefined;
  if (caseEntry?.name !== 'case.sqlite') throw new AppError('export-corrupt', 'The export file has no case file: it is damaged; export the case again.');
  await writeEntry(caseEntry, staged.caseFile);
  for (const name of manifest.storeFiles) {
    const entry = (await entries.next()).value as EntryRead | undefined;
    if (entry?.name !== `dicom/${name}`) throw new AppError('export-corrupt', 'The export file misses stored images: it is damaged; export the case again.');
    await writeEntry(entry, join(staged.storeDir, name));
  }
  for (const name of manifest.maskFiles ?? []) {
    const entry = (await entries.next()).value as EntryRead | undefined;
    if (entry?.name !== `masks/${name}` || !/^[A-Za-z0-9-]{1,64}$/.test(name)) throw new AppError('export-corrupt', 'The export file misses stored masks: it is damaged; export the case again.');
    await writeEntry(entry, join(staged.masksDir, name));
  }
  if (!(await entries.next()).done) throw new AppError('export-corrupt', 'The export file holds more than its manifest lists: it is damaged; export the case again.');
  // The case key must open the case file before the case is given a place in this library.
  openReadable(staged.caseFile, Buffer.from(manifest.caseKey, 'hex')).close();
}

/** Moves the staged files to their final places (a leftover of an earlier failed import is replaced). */
async function placeStaged(core: Core, caseId: string, staged: Staged): Promise<void> {
  const caseFile = join(core.dataDir, 'cases', `${caseId}.sqlite`);
  for (const leftover of [`${caseFile}-wal`, `${caseFile}-shm`]) await rm(leftover, { force: true });
  await rm(join(core.dataDir, 'dicom', caseId), { recursive: true, force: true });
  await rename(staged.storeDir, join(core.dataDir, 'dicom', caseId));
  await rm(join(core.dataDir, 'masks', caseId), { recursive: true, force: true });
  await rename(staged.masksDir, join(core.dataDir, 'masks', caseId));
  await rename(staged.caseFile, caseFile);
}

export async function importCase(core: Core, file: string, passphrase: string): Promise<CaseImportResult> {
  const container = await openContainer(file, passphrase);
  let staged: Staged | null = null;
  try {
    const entries = container.entries();
    const manifest = await readManifest((await entries.next()).value as EntryRead | undefined);
    refuseExisting(core, manifest);
    const { caseId } = manifest.patient;
    staged = stagePaths(core, caseId);
    await stageEntries(manifest, entries, staged);
    refuseExisting(core, manifest); // again: another process may have imported it meanwhile
    await placeStaged(core, caseId, staged);
    staged = null;
    const wrapped = core.library.wrapCaseKey(caseId, Buffer.from(manifest.caseKey, 'hex'));
    core.library.locked(() => core.library.index.insert(manifest.patient, wrapped));
    core.library.refreshCounts(caseId);
    core.library.openCase(caseId).audit('case.import', core.actor, { exportedAt: manifest.exportedAt });
    core.library.audit({ actor: core.actor, action: 'case.import', caseId, detail: { instances: manifest.instances, exportedAt: manifest.exportedAt } });
    return { caseId, PatientID: manifest.patient.PatientID, instances: manifest.instances };
  } finally {
    await container.close();
    if (staged) {
      await rm(staged.storeDir, { recursive: true, force: true });
      await rm(staged.masksDir, { recursive: true, force: true });
      await rm(staged.caseFile, { force: true });
    }
  }
}
