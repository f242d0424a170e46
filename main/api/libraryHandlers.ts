import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, noArgs, uid } from './schemas.ts';
import { AppError } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../library/patientCursor.ts';

type LibraryChannels = 'library.status' | 'patients.search' | 'studies.list' | 'series.list' | 'series.instances';

/** Rows per patient page when the client does not say (a screenful is ~20), and the most it may ask. */
const PAGE_LIMIT_DEFAULT = 200;
const PAGE_LIMIT_MAX = 1000;

function requireCase(ctx: { core: { library: { hasCase(id: string): boolean } } }, id: string): void {
  if (!ctx.core.library.hasCase(id)) throw new AppError('not-found', 'This patient is not in the library any more.');
}

export const libraryHandlers: Pick<Handlers, LibraryChannels> = {
  'library.status': {
    args: noArgs,
    run: (_args, ctx) => ({
      dataDir: ctx.core.dataDir,
      schemaVersion: ctx.core.library.schemaVersion,
      encrypted: true,
      patientCount: ctx.core.library.patientCount(),
      transport: ctx.transport,
    }),
  },
  'patients.search': {
    args: z
      .object({
        query: z.string().max(200).optional(),
        cursor: z.string().max(2000).optional(),
        limit: z.number().int().min(1).max(PAGE_LIMIT_MAX).optional(),
      })
      .strict(),
    run: (args, ctx) => {
      const query = args.query ?? '';
      const after = args.cursor === undefined ? null : decodeCursor(args.cursor);
      const page = ctx.core.library.patientPage(query, after, args.limit ?? PAGE_LIMIT_DEFAULT);
      ctx.core.library.audit({ actor: ctx.core.actor, action: 'patients.search', caseId: null, detail: { results: page.items.length } });
      return { items: page.items, next: page.nextKey ? encodeCursor(page.nextKey) : null, total: ctx.core.library.countPatients(query) };
    },
  },
  'studies.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      const caseFile = ctx.core.library.openCase(args.caseId);
      ctx.core.library.audit({ actor: ctx.core.actor, action: 'case.open', caseId: args.caseId, detail: {} });
      caseFile.audit('case.open', ctx.core.actor, {});
      return caseFile.imaging.listStudies();
    },
  },
  'series.list': {
    args: z.object({ caseId, StudyInstanceUID: uid }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      return ctx.core.library.openCase(args.caseId).imaging.listSeries(args.StudyInstanceUID);
    },
  },
  'series.instances': {
    args: z.object({ caseId, SeriesInstanceUID: uid }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      const caseFile = ctx.core.library.openCase(args.caseId);
      caseFile.audit('series.view', ctx.core.actor, { SeriesInstanceUID: args.SeriesInstanceUID });
      return caseFile.imaging.listInstances(args.SeriesInstanceUID);
    },
  },
};
