// Genomics as a user reaches it (CLI and API alike): attach a VCF to a patient's case through the
// vcf-import job, list a case's files and variants.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { JobStatus, VariantPage, VcfFileRecord, VcfImportOptions } from '../../../preload/api.ts';
import type { Core } from '../../core.ts';
import { batchFolder, stagedFile } from '../../dicom/staging.ts';
import { AppError } from '../../errors.ts';
import type { Library } from '../../library/library.ts';
import type { VcfImportJobInput } from './importVcf.ts';
import { NOT_SCORED_YET, SYMBOLIC_NOT_SCORED, variantJson, type VariantJson, type VariantScoreOf } from './variantJson.ts';

export { variantJson, type VariantJson } from './variantJson.ts';
export { caseForPatient, type VcfImportJobInput } from './importVcf.ts';


export interface VcfImportHandle {
  jobId: string;
  finished: Promise<Extract<JobStatus, { kind: 'vcf-import' }>>;
}

export function startVcfImport(core: Core, input: VcfImportJobInput, onFinish?: () => void): VcfImportHandle {
  const jobId = core.jobs.start('vcf-import', input, { actor: core.actor, ...(onFinish ? { onFinish } : {}) });
  return { jobId, finished: core.jobs.wait<'vcf-import'>(jobId) };
}

/** A VCF uploaded into a staging batch (import.stageFile, the web host's upload): imported by a job,
 *  read decrypted from its staging copy, which is removed when the job ends. */
export function importStagedVcf(core: Core, args: VcfImportOptions & { batchId: string; relativePath: string }): { jobId: string } {
  const folder = batchFolder(core.staging, args.batchId);
  const path = stagedFile(core.staging, args.batchId, args.relativePath);
  if (!existsSync(path)) throw new AppError('not-found', 'That file was not uploaded in this batch (or it was already imported).');
  if (!core.library.hasCase(args.caseId)) throw new AppError('not-found', `No case ${args.caseId} in this library.`);
  const { caseId, batchId: _batch, relativePath, ...options } = args;
  const handle = startVcfImport(core, { ...options, patient: caseId, path, name: basename(relativePath) }, () => void rm(folder, { recursive: true, force: true }));
  return { jobId: handle.jobId };
}

export function listVcfFiles(library: Library, caseId: string): VcfFileRecord[] {
  return library.openCase(caseId).genomics.files();
}

export function listVariants(library: Library, caseId: string, options: { fileId?: number; cursor?: string | null; limit: number }): VariantPage {
  return library.openCase(caseId).genomics.variantPage(options);
}

const PAGE = 10_000;

/** Every variant of a case in file order, as `precis variants --json` prints them. */
export function allVariantsJson(library: Library, caseId: string): VariantJson[] {
  const all: VariantJson[] = [];
  const notes = new Map<number, string | null>();
  let cursor: string | null = null;
  do {
    const page = listVariants(library, caseId, { cursor, limit: PAGE });
    const first = page.items[0]?.variantId ?? 0;
    const last = page.items.at(-1)?.variantId ?? 0;
    const caseFile = library.openCase(caseId);
    const annotations = page.items.length > 0 ? caseFile.variantAnnotations.between(first, last, page.items) : new Map();
    const scores = caseFile.variantScores.between(first, last);
    for (const v of page.items) {
      // Unscored: the file's latest scoring run says why (no model, no gene pack, ...), else not scored yet.
      if (!notes.has(v.fileId)) notes.set(v.fileId, caseFile.variantScores.latestRun(v.fileId)?.note ?? NOT_SCORED_YET);
      const score = scores.get(v.variantId) ?? null;
      const scored: VariantScoreOf = { score, note: v.symbolic ? SYMBOLIC_NOT_SCORED : notes.get(v.fileId) ?? NOT_SCORED_YET };
      all.push(variantJson(v, annotations.get(v.variantId) ?? null, scored));
    }
    cursor = page.next;
  } while (cursor);
  return all;
}
