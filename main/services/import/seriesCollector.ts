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
import type { ImportConflict, ImportFailure } from '../../../preload/api.ts';
import { fileError } from '../../dicom/expandPaths.ts';
import { conflictOf, hashSource, type ReadFile } from '../../dicom/importScan.ts';
import type { SourceReader } from '../../dicom/source.ts';

/** Past this many files waiting (about 3 KB of header each), every pending series is stored. */
export const MAX_PENDING_FILES = 5_000;

export class SeriesCollector {
  /** SOP Instance UID -> path of the first file found with it (for repeats; strings only, ~200 B each). */
  private readonly firstBySop = new Map<string, string>();
  private pending = new Map<string, ReadFile[]>();
  private pendingFiles = 0;
  repeats = 0;
  readonly conflicts: ImportConflict[] = [];

  private readonly reader: SourceReader;
  private readonly failed: ImportFailure[];

  constructor(reader: SourceReader, failed: ImportFailure[]) {
    this.reader = reader;
    this.failed = failed;
  }

  /** Adds one batch's readable files (in the order they were found); returns the series it touched. */
  async add(files: readonly ReadFile[]): Promise<Set<string>> {
    const touched = new Set<string>();
    for (const file of files) {
      const sop = file.header.instance.SOPInstanceUID;
      const first = this.firstBySop.get(sop);
      if (first !== undefined) {
        await this.sortRepeat(first, file);
        continue;
      }
      this.firstBySop.set(sop, file.path);
      const key = file.header.series.SeriesInstanceUID;
      const group = this.pending.get(key);
      if (group) group.push(file);
      else this.pending.set(key, [file]);
      this.pendingFiles++;
      touched.add(key);
    }
    return touched;
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

  /** A file repeating the SOP Instance UID of the file at `firstPath`: a repeat when the bytes are the same. */
  private async sortRepeat(firstPath: string, other: ReadFile): Promise<void> {
    const firstHash = (await hashSource(this.reader, firstPath).catch(() => null))?.sha256;
    try {
      if ((await hashSource(this.reader, other.path)).sha256 === firstHash) this.repeats++;
      else this.conflicts.push(conflictOf(other, `another file in this import (${firstPath}) has this SOP Instance UID with different content; this one was not stored`));
    } catch (error) {
      this.failed.push(fileError(other.path, error));
    }
  }
}
