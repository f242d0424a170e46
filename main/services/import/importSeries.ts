// The second half of an import: one series into its case. A series is committed only when every file of
// it that this import found and could read is stored (or was already there); otherwise nothing of it is
// committed and the files already written for it are removed: never half a series in the library.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportConflict, ImportFailure } from '../../../preload/api.ts';
import type { ImportFailureCode } from '../../../preload/errorCodes.ts';
import type { CaseFile } from '../../library/caseFile.ts';
import type { StoredInstance } from '../../library/repositories/imaging.ts';
import { sameContent } from '../../library/repositories/imaging.ts';
import type { Library } from '../../library/index.ts';
import { assessDisplayability } from '../../dicom/displayability.ts';
import { fileError } from '../../dicom/expandPaths.ts';
import { checkFreeSpace, megabytes } from '../../dicom/freeSpace.ts';
import { conflictOf, hashSource, type ReadFile } from '../../dicom/importScan.ts';
import type { SourceReader } from '../../dicom/source.ts';
import { writeToStore } from '../../dicom/store.ts';

export interface SeriesOutcome {
  caseId: string;
  imported: number;
  skipped: number;
  conflicts: ImportConflict[];
  failed: ImportFailure[];
  /** Cancelled before the series was committed (its files are not counted). */
  cancelled: boolean;
}

export interface SeriesContext {
  library: Library;
  reader: SourceReader;
  signal?: AbortSignal;
  /** Called once per file stored or found already there. */
  onFile?: () => void;
}

interface Cause {
  code: ImportFailureCode;
  reason: string;
}

/** Why a file could not be written into the store (or the series committed), as our own code and sentence. */
export function storeFailure(error: unknown): Cause {
  const code = (error as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return { code: 'no-space', reason: `the disk is full (${code})` };
  if (code === 'EDQUOT') return { code: 'no-space', reason: 'the disk quota is used up (EDQUOT)' };
  return { code: 'store-failed', reason: `could not be written into the store (${code ?? 'unknown error'})` };
}

/** Sorts a group against what the case already holds: already there (same bytes), conflicts, fresh. */
async function sortAgainstCase(caseFile: CaseFile, group: ReadFile[], ctx: SeriesContext, out: SeriesOutcome): Promise<ReadFile[]> {
  const existing = caseFile.imaging.existingInstances(group.map((f) => f.header.instance.SOPInstanceUID));
  const fresh: ReadFile[] = [];
  for (const file of group) {
    const stored = existing.get(file.header.instance.SOPInstanceUID);
    if (!stored) {
      fresh.push(file);
      continue;
    }
    try {
      const { sha256, size } = await hashSource(ctx.reader, file.path);
      if (sameContent(stored, sha256, size)) out.skipped++;
      else out.conflicts.push(conflictOf(file, 'this SOP Instance UID is already in the library with different content; this file was not stored'));
    } catch (error) {
      out.failed.push(fileError(file.path, error));
    }
  }
  return fresh;
}

/** Every fresh file of a series that is not committed gets the series' cause, so each is counted once. */
function failAll(files: ReadFile[], cause: Cause, culprit: string | null, out: SeriesOutcome): void {
  for (const f of files) {
    // With a culprit (one file failed mid-series) the others say why they were dropped with it.
    const reason = culprit === null || f.path === culprit ? cause.reason : `not stored, so that its series is not left incomplete: ${cause.reason}`;
    out.failed.push({ path: f.path, code: cause.code, reason });
  }
}

/** The files of a series written into the store so far, and what the store made of each (same order). */
interface Written {
  files: ReadFile[];
  stored: StoredInstance[];
}

/** Removes written files that no committed instance refers to (the series was not committed, or another
 *  process committed these instances first). */
async function discard(library: Library, caseFile: CaseFile, written: Written): Promise<void> {
  const committed = caseFile.imaging.existingInstances(written.stored.map((w) => w.header.SOPInstanceUID));
  for (const w of written.stored) {
    if (committed.get(w.header.SOPInstanceUID)?.storePath !== w.storePath) await rm(join(library.dataDir, w.storePath), { force: true });
  }
}

/** The source could not be read (gone, no permission): that file fails alone; the series goes on. */
const SOURCE_ERRORS = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR']);

/** Files of a series written into the store at once: one file at a time left the disk idle while its
 *  bytes were hashed and encrypted. */
const WRITE_CONCURRENCY = 4;

/** Writes the fresh files, a few at once; stops at the first one that cannot be stored and returns its cause. */
async function writeAll(caseFile: CaseFile, fresh: ReadFile[], ctx: SeriesContext, out: SeriesOutcome, written: Written): Promise<(Cause & { path: string }) | null> {
  let next = 0;
  let cause: (Cause & { path: string }) | null = null;
  const worker = async (): Promise<void> => {
    while (next < fresh.length && !cause && !ctx.signal?.aborted) {
      const file = fresh[next++] as ReadFile;
      let stored;
      try {
        stored = await writeToStore(ctx.library.dataDir, caseFile.storeKey, caseFile.caseId, file.path, ctx.reader);
      } catch (error) {
        if (!SOURCE_ERRORS.has(String((error as { code?: string }).code))) {
          cause ??= { ...storeFailure(error), path: file.path };
          return;
        }
        out.failed.push(fileError(file.path, error));
        continue;
      }
      // Files written by the others after the first failure are removed with the rest (discard).
      const verdict = assessDisplayability(file.header.instance);
      written.files.push(file);
      written.stored.push({
        header: file.header.instance, displayable: verdict.displayable, unsupportedReason: verdict.reason,
        storePath: stored.storePath, fileSize: stored.size, sha256: stored.sha256,
      });
      ctx.onFile?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, fresh.length) }, worker));
  return cause;
}

export async function importSeries(group: ReadFile[], ctx: SeriesContext): Promise<SeriesOutcome> {
  const { library } = ctx;
  const first = group[0] as ReadFile;
  const caseId = library.caseFor(first.header.patient, first.header.study.StudyInstanceUID);
  const caseFile = library.openCase(caseId);
  const out: SeriesOutcome = { caseId, imported: 0, skipped: 0, conflicts: [], failed: [], cancelled: false };
  const fresh = await sortAgainstCase(caseFile, group, ctx, out);
  for (let k = 0; k < group.length - fresh.length; k++) ctx.onFile?.();
  if (fresh.length === 0) return out;
  const space = await checkFreeSpace(library.dataDir, fresh.reduce((n, f) => n + f.size, 0));
  if (!space.fits) {
    const reason = `not enough free space: its series needs ${megabytes(space.needed)} and the data directory's disk has ${megabytes(space.free)} free`;
    failAll(fresh, { code: 'no-space', reason }, null, out);
    return out;
  }
  const written: Written = { files: [], stored: [] };
  const cause = await writeAll(caseFile, fresh, ctx, out, written);
  if (cause || ctx.signal?.aborted) {
    await discard(library, caseFile, written);
    const unreadable = new Set(out.failed.map((f) => f.path));
    if (cause) failAll(fresh.filter((f) => !unreadable.has(f.path)), cause, cause.path, out);
    out.cancelled = !cause;
    return out;
  }
  if (written.stored.length > 0) await commit(caseFile, first, written, out, library);
  return out;
}

/** Commits the series; instances another process stored meanwhile are skipped or conflicts, not lost. */
async function commit(caseFile: CaseFile, first: ReadFile, written: Written, out: SeriesOutcome, library: Library): Promise<void> {
  let outcomes;
  try {
    const { patient, study, series } = first.header;
    outcomes = caseFile.imaging.commitSeries({ patient, study, series, instances: written.stored }, new Date().toISOString());
  } catch (error) {
    await discard(library, caseFile, written);
    failAll(written.files, storeFailure(error), null, out);
    return;
  }
  outcomes.forEach((outcome, k) => {
    const file = written.files[k] as ReadFile;
    if (outcome === 'added') out.imported++;
    else if (outcome === 'skipped') out.skipped++;
    else out.conflicts.push(conflictOf(file, 'another import stored this SOP Instance UID with different content at the same time; this file was not stored'));
  });
  if (outcomes.some((o) => o !== 'added')) await discard(library, caseFile, written);
  if (out.imported > 0) library.refreshCounts(out.caseId);
}
