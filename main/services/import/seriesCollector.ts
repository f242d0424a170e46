// Groups the files an import reads, batch by batch (a folder, or a slice of a very large one), into
// series, and says which series can be stored now, so that an import holds the headers of only a few
// batches at once rather than of every file it was given (1.76 GB at 50,000 instances when it held them
// all). A series is stored once a batch goes by without a file of it: a series in one folder is stored
// whole when the walk leaves that folder, one spread over consecutive folders stays pending across them.
// A series that comes back after a gap, or when too many files wait, is stored in parts (each part is
// committed whole; commitSeries adds to the series already there).
//
// A second file with a SOP Instance UID already seen in this import is a repeat (same bytes, skipped) or
// a conflict (other bytes, not stored); the first file found wins, whether it is still pending or stored.
// Pending files are remembered by UID and path; stored ones only by a 52-bit hash of the UID and the
// index of their case (about 40 bytes each instead of 300: 500,000 instances held 150 MB of UIDs and
// paths), and a repeat of one is compared with what its case holds.
import type { ImportConflict, ImportFailure } from '../../../preload/api.ts';
import { fileError } from '../../dicom/expandPaths.ts';
import { conflictOf, hashSource, type ReadFile } from '../../dicom/importScan.ts';
import type { SourceReader } from '../../dicom/source.ts';
import { sameContent, type StoredCopy } from '../../library/repositories/imaging.ts';

/** What a case holds for a SOP Instance UID (null: nothing). */
export type StoredLookup = (caseId: string, sop: string) => StoredCopy | null;

/** A 52-bit hash of a UID (FNV-1a, two seeds): exact in a double, collisions checked against the case. */
function uidHash(uid: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < uid.length; i++) {
    const c = uid.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a * 0x100000 + (b & 0xfffff);
}

/** Past this many files waiting (about 3 KB of header each), every pending series is stored. */
export const MAX_PENDING_FILES = 5_000;

export class SeriesCollector {
  /** SOP Instance UID -> path of the first file found with it, while its series is pending. */
  private readonly pendingBySop = new Map<string, string>();
  /** uidHash(SOP Instance UID) -> index in `caseIds` of the case its first file was stored in. */
  private readonly storedBySop = new Map<number, number>();
  private readonly caseIds: string[] = [];
  private readonly caseIndex = new Map<string, number>();
  private pending = new Map<string, ReadFile[]>();
  private pendingFiles = 0;
  repeats = 0;
  readonly conflicts: ImportConflict[] = [];

  private readonly reader: SourceReader;
  private readonly failed: ImportFailure[];
  private readonly storedCopy: StoredLookup;

  constructor(reader: SourceReader, failed: ImportFailure[], storedCopy: StoredLookup) {
    this.reader = reader;
    this.failed = failed;
    this.storedCopy = storedCopy;
  }

  /** Adds one batch's readable files (in the order they were found); returns the series it touched. */
  async add(files: readonly ReadFile[]): Promise<Set<string>> {
    const touched = new Set<string>();
    for (const file of files) {
      const sop = file.header.instance.SOPInstanceUID;
      const first = this.pendingBySop.get(sop);
      if (first !== undefined) {
        await this.sortRepeat(first, file);
        continue;
      }
      if (await this.sortStoredRepeat(sop, file)) continue;
      this.pendingBySop.set(sop, file.path);
      const key = file.header.series.SeriesInstanceUID;
      const group = this.pending.get(key);
      if (group) group.push(file);
      else this.pending.set(key, [file]);
      this.pendingFiles++;
      touched.add(key);
    }
    return touched;
  }

  /** A group's files were stored into `caseId` (or failed): only its UIDs' hashes are kept from now on. */
  stored(group: readonly ReadFile[], caseId: string): void {
    let index = this.caseIndex.get(caseId);
    if (index === undefined) {
      index = this.caseIds.push(caseId) - 1;
      this.caseIndex.set(caseId, index);
    }
    for (const file of group) {
      const sop = file.header.instance.SOPInstanceUID;
      if (this.pendingBySop.get(sop) !== file.path) continue;
      this.pendingBySop.delete(sop);
      this.storedBySop.set(uidHash(sop), index);
    }
  }

  /** The series to store now: those the last batch did not touch, or all when too many files wait. */
  takeReady(touched: ReadonlySet<string>): ReadFile[][] {
    const all = this.pendingFiles > MAX_PENDING_FILES;
    const ready: ReadFile[][] = [];
    for (const [key, group] of this.pending) {
      if (!all && touched.has(key)) continue;
      ready.push(group);
      this.pending.delete(key);
      this.pendingFiles -= group.length;
    }
    return ready;
  }

  /** Every series still pending (the walk is over). */
  takeAll(): ReadFile[][] {
    const all = [...this.pending.values()];
    this.pending = new Map();
    this.pendingFiles = 0;
    return all;
  }

  /** True when `sop` was stored earlier in this import (the file is then a repeat or a conflict). */
  private async sortStoredRepeat(sop: string, other: ReadFile): Promise<boolean> {
    const index = this.storedBySop.get(uidHash(sop));
    if (index === undefined) return false;
    const stored = this.storedCopy(this.caseIds[index] as string, sop);
    // Another UID with the same hash, or its series was not committed: not a repeat.
    if (!stored) return false;
    await this.sortAgainst(other, (sha256, size) => sameContent(stored, sha256, size), 'a file stored earlier in this import');
    return true;
  }

  /** A file repeating the SOP Instance UID of the file at `firstPath`: a repeat when the bytes are the same. */
  private async sortRepeat(firstPath: string, other: ReadFile): Promise<void> {
    const firstHash = (await hashSource(this.reader, firstPath).catch(() => null))?.sha256;
    await this.sortAgainst(other, (sha256) => sha256 === firstHash, `another file in this import (${firstPath})`);
  }

  /** Counts `other` as a repeat when `same` says its bytes are the first's, else as a conflict with `first`. */
  private async sortAgainst(other: ReadFile, same: (sha256: string, size: number) => boolean, first: string): Promise<void> {
    try {
      const { sha256, size } = await hashSource(this.reader, other.path);
      if (same(sha256, size)) this.repeats++;
      else this.conflicts.push(conflictOf(other, `${first} has this SOP Instance UID with different content; this one was not stored`));
    } catch (error) {
      this.failed.push(fileError(other.path, error));
    }
  }
}
