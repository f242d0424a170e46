// The Genomics tab's reads (issue 15, item 6): the variant table, one variant's evidence and the
// genome track view's inputs. Read-only: nothing here changes the case.
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, uid } from './schemas.ts';
import { AppError } from '../errors.ts';
import { lesionFindings, linkVariant } from '../services/genomics/lesionLinks.ts';
import { genomeTrackSources } from '../services/genomics/trackSources.ts';
import { variantDetail, variantTable } from '../services/genomics/variantTable.ts';

type VariantChannels = 'variants.table' | 'variants.detail' | 'variants.track' | 'variants.link' | 'variants.lesions';

const text = z.string().max(200).optional();
const filters = z.object({ tier: text, gene: text, significance: text, vafMin: z.number().min(0).max(1).optional(), consequence: text, search: text }).strict();

function checkCase(ctx: Parameters<Handlers['variants.table']['run']>[1], id: string): void {
  if (!ctx.core.library.hasCase(id)) throw new AppError('not-found', 'This patient is not in the library any more.');
}

export const variantHandlers: Pick<Handlers, VariantChannels> = {
  'variants.table': {
    args: z.object({
      caseId,
      filters: filters.optional(),
      sort: z.enum(['position', 'gene', 'consequence', 'vaf', 'significance', 'tier', 'score']).optional(),
      descending: z.boolean().optional(),
      cursor: z.string().regex(/^\d{1,9}$/).nullable().optional(),
      limit: z.number().int().min(1).max(1000),
    }).strict(),
    run: (args, ctx) => {
      checkCase(ctx, args.caseId);
      return variantTable(ctx.core.library, args.caseId, args);
    },
  },
  'variants.detail': {
    args: z.object({ caseId, variantId: z.number().int().min(1) }).strict(),
    run: (args, ctx) => {
      checkCase(ctx, args.caseId);
      return variantDetail(ctx.core.library, args.caseId, args.variantId);
    },
  },
  'variants.track': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => {
      checkCase(ctx, args.caseId);
      return genomeTrackSources(ctx.core.library, args.caseId);
    },
  },
  'variants.link': {
    args: z.object({ caseId, variantId: z.number().int().min(1), annotationUID: uid, linked: z.boolean() }).strict(),
    run: (args, ctx) => {
      checkCase(ctx, args.caseId);
      return linkVariant(ctx.core.library, args.caseId, args, ctx.core.actor);
    },
  },
  'variants.lesions': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => {
      checkCase(ctx, args.caseId);
      return lesionFindings(ctx.core.library, args.caseId);
    },
  },
};
