// The vcf-annotate job kind: a case's variants annotated with the knowledge packs
// (main/services/knowledge/annotateCase.ts).
import { z } from 'zod';
import type { VcfAnnotateResult } from '../../../../preload/api.ts';
import type { VcfAnnotateInput } from '../../../services/knowledge/annotateCase.ts';
import { runnerUrl, type JobKind } from '../../kind.ts';

export const vcfAnnotateJob: JobKind<VcfAnnotateInput, VcfAnnotateResult> = {
  name: 'vcf-annotate',
  // Plain JavaScript over maps and SQLite: a thread is enough.
  host: 'thread',
  // One at a time: each holds a ClinVar index (~70,000 alleles for the cancer-gene cut; a whole release is more).
  concurrency: 1,
  input: z.object({
    caseId: z.string().min(1),
    fileId: z.number().int().positive().optional(),
    packIds: z.array(z.string().min(1)).optional(),
  }).strict(),
  result: z.custom<VcfAnnotateResult>((value) => typeof value === 'object' && value !== null && 'files' in value && 'cancelled' in value),
  runner: runnerUrl('vcf-annotate', new URL('./run.ts', import.meta.url)),
  changedCases: (result) => [result.caseId],
};
