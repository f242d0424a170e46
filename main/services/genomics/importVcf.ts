// Importing one VCF into a case (issue 15, item 1), run inside the vcf-import job's worker: hash the
// file, read its header (sample, build; the same file attached to another patient is refused), stream
// the carried variants into the case in one transaction, and claim the hash in the library just before
// it commits. Cancelled, refused or killed, the case keeps nothing of it and no claim stays behind.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { GenomeBuild, SkippedLine, VcfImportOptions, VcfImportResult } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { fileChunks, sampleIndex, VcfReader, type ChunkSource } from '../../genomics/vcf/index.ts';
import type { VcfHeader } from '../../genomics/types.ts';
import type { Library } from '../../library/library.ts';

export interface VcfImportJobInput extends Omit<VcfImportOptions, 'caseId'> {
  /** A case id or a PatientID; a new PatientID gets a new case, made once the file's header passed. */
  patient: string;
  /** The VCF on disk (plain or gzip/BGZF). */
  path: string;
  /** The name recorded (the file's own name, also for an uploaded copy). */
  name?: string;
}

export interface VcfImportContext {
  library: Library;
  actor: string;
  signal: AbortSignal;
  progress(progress: { phase: string; done: number; total: number }): void;
}

/** The sha256 of the file as the user has it (an upload is hashed as decrypted). */
async function sha256Of(source: ChunkSource, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source(signal)) {
    signal.throwIfAborted();
    hash.update(chunk);
  }
  return hash.digest('hex');
}

function buildOf(header: VcfHeader, given: GenomeBuild | undefined): GenomeBuild {
  if (given && header.build && given !== header.build) {
    throw new AppError('invalid-argument', `The file's header says ${header.build}, but ${given} was given: check which genome build the file was called against.`);
  }
  const build = given ?? header.build;
  if (!build) throw new AppError('vcf-build-required', 'The file\'s header does not say which genome build it uses: give it (GRCh37 or GRCh38, e.g. --build GRCh38).');
  return build;
}

/** The case of a patient (case id or PatientID), created (empty, with its own key) when absent. */
export function caseForPatient(library: Library, patient: string): string {
  return library.findCase(patient) ?? library.caseFor({ PatientID: patient, PatientName: '', PatientBirthDate: '', PatientSex: '' }, '');
}

function attachedElsewhere(sha256: string, holder: string): AppError {
  return new AppError('vcf-attached-elsewhere', `This file (sha256 ${sha256.slice(0, 12)}...) is already attached to another patient (case ${holder}); a sequencing result belongs to one patient.`);
}

/** The header's sample and build, and the patient's case (made when new), or a refusal. */
function prepare(library: Library, reader: VcfReader, input: VcfImportJobInput, sha256: string): { sample: number; build: GenomeBuild; caseId: string } {
  const sample = sampleIndex(reader.header, input.sample);
  const build = buildOf(reader.header, input.build);
  // Refused before a new patient's case is made; claimed under the library's lock just before the
  // case commits (claimFor), so that an import killed on the way leaves no claim behind.
  const holder = library.vcfHashes.holderOf(sha256);
  if (holder !== null && holder !== library.findCase(input.patient)) throw attachedElsewhere(sha256, holder);
  const caseId = caseForPatient(library, input.patient);
  const sampleName = reader.header.samples[sample] ?? null;
  if (library.openCase(caseId).genomics.findFile(sha256, sampleName)) {
    throw new AppError('conflict', `This file${sampleName ? ` (sample ${sampleName})` : ''} is already attached to this patient.`);
  }
  return { sample, build, caseId };
}

/** Claims the file for the case; another import may have attached it to another patient meanwhile. */
function claimFor(library: Library, sha256: string, caseId: string): void {
  const claimed = library.locked(() => library.vcfHashes.claim(sha256, caseId));
  if (claimed !== caseId) throw attachedElsewhere(sha256, claimed);
}

/** `source`: the file's bytes as stored (default: read `input.path`; an upload: decrypted as read). */
export async function importVcf(ctx: VcfImportContext, input: VcfImportJobInput, source: ChunkSource = fileChunks(input.path)): Promise<VcfImportResult> {
  const { library, signal } = ctx;
  if (input.tumourType && input.testType !== 'somatic') throw new AppError('invalid-argument', 'A tumour type is recorded for a somatic test only (test type somatic).');
  const size = (await stat(input.path)).size;
  ctx.progress({ phase: 'hashing', done: 0, total: size });
  const sha256 = await sha256Of(source, signal);
  const reader = await VcfReader.open(source, signal);
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(library, reader, input, sha256);
  } catch (error) {
    await reader.close();
    throw error;
  }
  const { sample, build, caseId } = prepared;
  const sampleName = reader.header.samples[sample] ?? null;
  const genomics = library.openCase(caseId).genomics;
  const writer = genomics.beginImport({
    sha256, name: input.name ?? basename(input.path), sample: sampleName, build, testType: input.testType, tumourType: input.tumourType ?? null,
    importedAt: new Date().toISOString(), importedBy: ctx.actor,
  });
  const skipped: SkippedLine[] = [];
  let records = 0;
  try {
    for await (const batch of reader.variants(sample, input.skipBadLines ? 'skip' : 'stop')) {
      if (signal.aborted) break;
      writer.add(batch.variants);
      skipped.push(...batch.badLines);
      records += batch.records;
      ctx.progress({ phase: 'importing', done: batch.bytesRead, total: size });
    }
    if (signal.aborted) throw signal.reason;
    claimFor(library, sha256, caseId);
    writer.commit(records, skipped, genomics.audit, ctx.actor, { sha256, name: input.name ?? basename(input.path), sample: sampleName, build, testType: input.testType });
  } catch (error) {
    writer.rollback();
    if (!genomics.hasFileWithHash(sha256)) library.locked(() => library.vcfHashes.release(sha256, caseId));
    if (signal.aborted) return { caseId, file: null, cancelled: true };
    throw error;
  }
  const file = genomics.findFile(sha256, sampleName)!;
  return { caseId, file, cancelled: false };
}
