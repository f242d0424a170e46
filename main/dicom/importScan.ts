// The first half of an import: read the headers of a batch of files (importDicom.ts reads a folder at a
// time; series grouping and repeats are in services/import/seriesCollector.ts). Each file found ends up
// in exactly one place: a series group, a repeat (skipped), a conflict, a failure, or a DICOMDIR.
import { createHash } from 'node:crypto';
import type { ImportConflict, ImportFailure } from '../../preload/api.ts';
import { fileError } from './expandPaths.ts';
import { MEDIA_STORAGE_DIRECTORY } from './dicomdir.ts';
import { FIRST_READ, NotDicomError, readDicomHeaderSized } from './headers.ts';
import type { SourceReader } from './source.ts';
import type { DicomHeader } from './types.ts';

export interface ReadFile {
  path: string;
  header: DicomHeader;
  /** Bytes on disk (for the free-space check; the store reports the exact original size). */
  size: number;
}

export interface ScanResult {
  read: ReadFile[];
  dicomdirs: number;
}

const HEADER_READ_CONCURRENCY = 8;

function missingIdentifier(h: DicomHeader): string | null {
  if (!h.instance.SOPInstanceUID) return 'no SOPInstanceUID (0008,0018)';
  if (!h.study.StudyInstanceUID) return 'no StudyInstanceUID (0020,000D)';
  if (!h.series.SeriesInstanceUID) return 'no SeriesInstanceUID (0020,000E)';
  return null;
}

/** sha256 (hex) and size (bytes) of a source file's original bytes. Only files whose SOP Instance UID is
 *  already stored or repeated need this before storing; the store hashes the rest while writing them. */
export async function hashSource(reader: SourceReader, path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of reader.stream(path)) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

function failureOf(path: string, error: unknown): ImportFailure {
  if (error instanceof NotDicomError) return { path, code: error.code, reason: error.message };
  return fileError(path, error);
}

export async function scanFiles(
  files: readonly string[],
  failed: ImportFailure[],
  reader: SourceReader,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<ScanResult> {
  const read: ReadFile[] = [];
  let dicomdirs = 0;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    // One first-read buffer per worker, reused for every file it reads (the header is copied out).
    const buffer = Buffer.allocUnsafe(FIRST_READ);
    while (next < files.length && !options.signal?.aborted) {
      const path = files[next++] as string;
      try {
        const { header, size } = await readDicomHeaderSized(path, reader, buffer);
        // An index; the files it lists are read on their own when they are in what was chosen.
        if (header.MediaStorageSOPClassUID === MEDIA_STORAGE_DIRECTORY) dicomdirs++;
        else {
          const missing = missingIdentifier(header);
          if (missing) failed.push({ path, code: 'missing-uid', reason: missing });
          else read.push({ path, header, size });
        }
      } catch (error) {
        failed.push(failureOf(path, error));
      } finally {
        options.onProgress?.(++done, files.length);
      }
    }
  };
  await Promise.all(Array.from({ length: HEADER_READ_CONCURRENCY }, worker));
  // Header reads finish in any order; keep the order the files were found in (first file wins below).
  const order = new Map(files.map((f, k) => [f, k]));
  read.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  return { read, dicomdirs };
}

export function conflictOf(file: ReadFile, reason: string): ImportConflict {
  return { path: file.path, SOPInstanceUID: file.header.instance.SOPInstanceUID, code: 'conflict', reason };
}
