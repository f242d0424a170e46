// The vcf-import job kind: one VCF into one case (main/services/genomics/importVcf.ts).
import { z } from 'zod';
import type { VcfImportResult } from '../../../../preload/api.ts';
import type { VcfImportJobInput } from '../../../services/genomics/importVcf.ts';
import { runnerUrl, type JobKind } from '../../kind.ts';

export const vcfImportJob: JobKind<VcfImportJobInput, VcfImportResult> = {
  name: 'vcf-import',
  // Parsing and SQLite inserts are plain JavaScript and better-sqlite3: a thread is enough.
  host: 'thread',
  // An import holds its case's write lock until it commits; one at a time keeps the disk to itself.
  concurrency: 1,
  input: z.object({
    patient: z.string().min(1).max(200),
    path: z.string().min(1),
    name: z.string().min(1).max(255).optional(),
    sample: z.string().min(1).optional(),
    build: z.enum(['GRCh37', 'GRCh38']).optional(),
    testType: z.enum(['germline', 'somatic']),
    tumourType: z.string().min(1).max(200).optional(),
    skipBadLines: z.boolean(),
  }).strict(),
  result: z.custom<VcfImportResult>((value) => typeof value === 'object' && value !== null && 'cancelled' in value && 'file' in value),
  runner: runnerUrl('vcf-import', new URL('./run.ts', import.meta.url)),
  changedCases: (result) => [result.caseId],
};
