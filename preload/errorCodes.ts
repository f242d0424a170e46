// The one list of error codes a client may branch on (the UI, scripts reading `precis ... --json`).
// A code is stable; the sentence next to it (reason/message) may change wording.
export const ERROR_CODES = [
  // Why one file of an import was not stored.
  'not-dicom', // not a DICOM file at all (text, images, archives)
  'truncated', // a DICOM file that ends early
  'missing-uid', // a DICOM file without SOP/Study/Series Instance UID
  'unreadable', // a damaged DICOM header, or a file the system refuses to read
  'not-found', // a path (or a file a DICOMDIR lists) that does not exist; also: no such case/job
  'no-space', // the data directory's disk is full or would be
  'store-failed', // writing into the store failed for another reason
  'conflict', // the SOP Instance UID is already stored with different bytes
  // Whole operations.
  'usage',
  'wrong-key',
  'newer-file',
  'audit-broken',
  'import-failed',
  'invalid-argument',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes an import reports per file. */
export type ImportFailureCode = Exclude<ErrorCode, 'conflict' | 'usage' | 'wrong-key' | 'newer-file' | 'audit-broken' | 'import-failed' | 'invalid-argument'>;
