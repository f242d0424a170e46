// The knowledge area's calls (issue 15): packs (list, import), annotating a case's variants (the
// vcf-annotate job, followed by job.progress), scoring them (the vcf-score job), one variant's
// annotation, and a clinician's override.
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, noArgs } from './schemas.ts';
import { assertImportable } from './importRoots.ts';
import { AppError } from '../errors.ts';
import { overrideCall, startAnnotation, startScoring, variantAnnotation } from '../services/knowledge/index.ts';
import { importPack, listPacks } from '../services/knowledge/packs.ts';

type KnowledgeChannels = 'knowledge.list' | 'knowledge.import' | 'knowledge.annotate' | 'knowledge.score' | 'knowledge.annotation' | 'knowledge.override';

const variantId = z.string().regex(/^[1-9][0-9]{0,15}$/, 'must be a variant id from the variant list');

function requireCase(ctx: Parameters<Handlers['knowledge.annotation']['run']>[1], id: string): void {
  if (!ctx.core.library.hasCase(id)) throw new AppError('not-found', 'This patient is not in the library any more.');
}

export const knowledgeHandlers: Pick<Handlers, KnowledgeChannels> = {
  'knowledge.list': {
    args: noArgs,
    run: (_args, ctx) => listPacks(ctx.core.library),
  },
  'knowledge.import': {
    args: z.object({ path: z.string().min(1).max(4096), kind: z.enum(['clinvar', 'civic', 'genes', 'reference']).optional(), build: z.enum(['GRCh37', 'GRCh38']).optional() }).strict(),
    run: async (args, ctx) => {
      await assertImportable([args.path], ctx.importRoots ?? (ctx.transport === 'electron' ? 'any' : []));
      const { pack, again } = await importPack(ctx.core.library, args.path, { kind: args.kind, build: args.build, actor: ctx.core.actor });
      return { ...pack, again };
    },
  },
  'knowledge.annotate': {
    args: z.object({ caseId, fileId: z.number().int().positive().optional() }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      return { jobId: startAnnotation(ctx.core, args).jobId };
    },
  },
  'knowledge.score': {
    args: z.object({ caseId, fileId: z.number().int().positive().optional() }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      return { jobId: startScoring(ctx.core, args).jobId };
    },
  },
  'knowledge.annotation': {
    args: z.object({ caseId, variantId }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      return variantAnnotation(ctx.core.library, args.caseId, args.variantId);
    },
  },
  'knowledge.override': {
    args: z.object({ caseId, variantId, tier: z.string().min(1).max(40), rationale: z.string().max(4000) }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      return overrideCall(ctx.core.library, args.caseId, args.variantId, args.tier, args.rationale, ctx.core.actor);
    },
  },
};
