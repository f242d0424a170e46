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
  'import-path-refused', // a path from the wire outside the folders the host allows (--import-root)
  'store-corrupt', // a stored file does not decrypt (altered, damaged, or another case's)
  'internal', // a fault of Precis itself; details in the log
  // Keys and start-up (main/security, shown in the start-failure window).
  'wrong-key-source',
  'passphrase-required',
  'passphrase-for-machine-key',
  'passphrase-mismatch',
  'weak-passphrase',
  'machine-key-missing',
  'machine-key-corrupt',
  'keyring-corrupt',
  'keychain-unavailable',
  'keychain-untrusted',
  'directory-locked',
  'start-failed',
  // Jobs.
  'unknown-job-kind',
  'job-failed',
  'job-crashed',
  // Case export, import and erase.
  'confirmation-required',
  'confirmation-mismatch',
  'patient-exists',
  'file-exists',
  'export-corrupt',
  'not-an-export',
  // The API and its transports.
  'unknown-channel',
  'transport',
  'forbidden',
  'unauthorized',
  'cross-origin',
  'wrong-host',
  'session-header-required',
  'launch-code-used',
  'bad-request',
  'body-too-large',
  'length-required',
  'method-not-allowed',
  'unsupported-media-type',
  'too-many-streams',
  'upload-incomplete',
  // Models (main/ai/registry).
  'model-manifest-invalid', // manifest.json missing, not JSON, or a field at fault (named in the message)
  'model-incomplete', // a model folder without model.onnx or MODEL_CARD.md
  'model-unreadable', // model.onnx is not a readable ONNX (protobuf) file
  'model-hash-mismatch', // a model file's sha256 differs from its manifest's or from the library's record
  'model-external-data', // an ONNX initializer's external data lies outside the model's folder
  'model-exists', // the same id and version is already imported with a different file
  // Model runs (main/ai/analysis, the analyze job).
  'intended-use-mismatch', // the series is outside the model's intended use (tags or image); --force runs it anyway, marked
  'model-no-pipeline', // an imported model this version has no pipeline for (main/ai/analysis/pipelines.ts)
  'series-not-volume', // the series cannot be formed into a volume (tilt, uneven spacing, multi-frame...)
  // Genomics (main/genomics, the vcf-import job).
  'vcf-invalid', // a VCF line (named by number) that cannot be read, or a file that is not a VCF
  'vcf-sample-required', // a multi-sample VCF and no sample chosen (the message lists the samples)
  'vcf-sample-unknown', // the chosen sample is not in the file
  'vcf-build-required', // the header does not say GRCh37 or GRCh38 and none was given
  'vcf-attached-elsewhere', // the same file (sha256) is already attached to another patient
  'reference-invalid', // a FASTA or its .fai index that cannot be read
  // Knowledge packs and annotation (main/genomics/knowledge).
  'knowledge-pack-invalid', // a file that is no ClinVar VCF, CIViC TSV, gene annotation or FASTA, or lacks what its kind needs
  'knowledge-hash-mismatch', // a stored pack file's sha256 differs from the library's record
  'knowledge-build-mismatch', // a pack of one genome build used with data of another (both builds named)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN = new Set<string>(ERROR_CODES);

/** A code from the list, or `fallback` for anything else (an error from a library, a newer host). */
export function toErrorCode(code: unknown, fallback: ErrorCode): ErrorCode {
  return typeof code === 'string' && KNOWN.has(code) ? (code as ErrorCode) : fallback;
}

/** Codes an import reports per file. */
export type ImportFailureCode = Exclude<ErrorCode, 'conflict' | 'usage' | 'wrong-key' | 'newer-file' | 'audit-broken' | 'import-failed' | 'invalid-argument'>;
