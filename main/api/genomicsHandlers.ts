// The genomics calls (issue 15): attach an uploaded VCF to a case (a vcf-import job), list a case's
// files and page through its variants.
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { batchId, caseId } from './schemas.ts';
import { importStagedVcf, listVariants, listVcfFiles } from '../services/genomics/index.ts';

type GenomicsChannels = 'genomics.importVcf' | 'genomics.listFiles' | 'genomics.listVariants';

export const genomicsHandlers: Pick<Handlers, GenomicsChannels> = {
  'genomics.importVcf': {
    args: z.object({
      batchId,
      relativePath: z.string().min(1).max(1024),
      caseId,
      sample: z.string().min(1).max(1000).optional(),
      build: z.enum(['GRCh37', 'GRCh38']).optional(),
      testType: z.enum(['germline', 'somatic']),
      tumourType: z.string().min(1).max(200).optional(),
      skipBadLines: z.boolean(),
    }).strict(),
    run: (args, ctx) => importStagedVcf(ctx.core, args),
  },
  'genomics.listFiles': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => listVcfFiles(ctx.core.library, args.caseId),
  },
  'genomics.listVariants': {
    args: z.object({
      caseId,
      fileId: z.number().int().positive().optional(),
      cursor: z.string().regex(/^\d{1,15}$/).nullable().optional(),
      limit: z.number().int().min(1).max(10_000),
    }).strict(),
    run: (args, ctx) => listVariants(ctx.core.library, args.caseId, args),
  },
};
