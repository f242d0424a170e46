// The vcf-score job kind: a case's variants scored with the imported variant-scoring model
// (main/services/genomics/scoreCase.ts).
import { z } from 'zod';
import type { VcfScoreResult } from '../../../../preload/api.ts';
import type { VcfScoreInput } from '../../../services/genomics/scoreCase.ts';
import { runnerUrl, type JobKind } from '../../kind.ts';

export const vcfScoreJob: JobKind<VcfScoreInput, VcfScoreResult> = {
  name: 'vcf-score',
  // onnxruntime-node is native code: an abort in it must end a child process, never the app.
  host: 'process',
  // One at a time: each holds a gene pack's index and an onnxruntime session.
  concurrency: 1,
  input: z.object({
    caseId: z.string().min(1),
    fileId: z.number().int().positive().optional(),
  }).strict(),
  result: z.custom<VcfScoreResult>((value) => typeof value === 'object' && value !== null && 'files' in value && 'cancelled' in value),
  runner: runnerUrl('vcf-score', new URL('./run.ts', import.meta.url)),
  changedCases: (result) => [result.caseId],
};
