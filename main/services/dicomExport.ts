// `precis export dicom` and case.exportDicom: a patient's stored DICOM files, decrypted to their
// original bytes exactly, into a folder: <StudyDate>_S<SeriesNumber>_<Modality>/<InstanceNumber>.dcm,
// or <SOPInstanceUID>.dcm where the instance number is missing or repeated in its series. No existing
// file is ever overwritten: every target is checked before the first byte is written, and each file is
// written under a temporary name and linked into place (link fails instead of replacing).
import { createWriteStream } from 'node:fs';
import { access, link, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { SeriesSummary, StudySummary } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { openStored } from '../dicom/store.ts';
import { AppError } from '../errors.ts';
import type { CaseFile } from '../library/caseFile.ts';

export interface DicomExportResult {
  caseId: string;
  folder: string;
  files: Array<{ SOPInstanceUID: string; path: string }>;
  /** Bytes written in all. */
  bytes: number;
}

/** Only characters that are safe in a file name on every OS. */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 64);

function seriesFolder(study: StudySummary, series: SeriesSummary, taken: Set<string>): string {
  const base = safe(`${study.StudyDate || 'undated'}_S${series.SeriesNumber ?? 'x'}_${series.Modality || 'OT'}`);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

interface Planned {
  SOPInstanceUID: string;
  storePath: string;
  /** Relative to the export folder. */
  target: string;
}

/** Where every instance of the case goes, relative to the export folder. */
export function planExport(caseFile: CaseFile): Planned[] {
  const plan: Planned[] = [];
  const folders = new Set<string>();
  for (const study of caseFile.imaging.listStudies()) {
    for (const series of caseFile.imaging.listSeries(study.StudyInstanceUID)) {
      const folder = seriesFolder(study, series, folders);
      const instances = caseFile.imaging.listInstances(series.SeriesInstanceUID);
      const numbers = instances.map((i) => i.InstanceNumber);
      for (const instance of instances) {
        const n = instance.InstanceNumber;
        const unique = n !== null && numbers.indexOf(n) === numbers.lastIndexOf(n);
        const name = unique ? `${String(n).padStart(4, '0')}.dcm` : `${safe(instance.SOPInstanceUID)}.dcm`;
        plan.push({ SOPInstanceUID: instance.SOPInstanceUID, storePath: caseFile.imaging.storePath(instance.SOPInstanceUID) ?? '', target: join(folder, name) });
      }
    }
  }
  return plan;
}

async function refuseExisting(outDir: string, plan: Planned[]): Promise<void> {
  for (const item of plan) {
    const exists = await access(join(outDir, item.target)).then(() => true, () => false);
    if (exists) throw new AppError('file-exists', `${join(outDir, item.target)} already exists: export into an empty folder; nothing was written.`);
  }
}

async function writeOne(dataDir: string, storeKey: Buffer, item: Planned, outDir: string): Promise<number> {
  const target = join(outDir, item.target);
  const partial = `${target}.partial-${process.pid}`;
  const { size, stream } = await openStored(dataDir, storeKey, item.storePath);
  try {
    await pipeline(stream, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    await link(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return size;
}

export async function exportDicom(core: Core, caseId: string, outDir: string): Promise<DicomExportResult> {
  if (!core.library.hasCase(caseId)) throw new AppError('not-found', 'This patient is not in the library any more.');
  const caseFile = core.library.openCase(caseId);
  const plan = planExport(caseFile);
  await refuseExisting(outDir, plan);
  let bytes = 0;
  for (const item of plan) {
    await mkdir(join(outDir, item.target, '..'), { recursive: true, mode: 0o700 });
    bytes += await writeOne(core.dataDir, caseFile.storeKey, item, outDir);
  }
  caseFile.audit('case.export-dicom', core.actor, { files: plan.length });
  core.library.audit({ actor: core.actor, action: 'case.export-dicom', caseId, detail: { folder: outDir, files: plan.length } });
  return { caseId, folder: outDir, files: plan.map((p) => ({ SOPInstanceUID: p.SOPInstanceUID, path: join(outDir, p.target) })), bytes };
}
