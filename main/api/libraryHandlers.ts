import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, noArgs, uid } from './schemas.ts';
import { AppError } from '../errors.ts';

type LibraryChannels = 'library.status' | 'patients.search' | 'studies.list' | 'series.list' | 'series.instances';

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
    args: z.object({ query: z.string().max(200).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
    run: (args, ctx) => {
      const patients = ctx.core.library.searchPatients(args.query ?? '', args.limit ?? 500);
      ctx.core.library.audit({ actor: ctx.core.actor, action: 'patients.search', caseId: null, detail: { results: patients.length } });
      return patients;
    },
  },
  'studies.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      const caseFile = ctx.core.library.openCase(args.caseId);
      ctx.core.library.audit({ actor: ctx.core.actor, action: 'case.open', caseId: args.caseId, detail: {} });
      caseFile.audit('case.open', ctx.core.actor, {});
      return caseFile.listStudies();
    },
  },
  'series.list': {
    args: z.object({ caseId, StudyInstanceUID: uid }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      return ctx.core.library.openCase(args.caseId).listSeries(args.StudyInstanceUID);
    },
  },
  'series.instances': {
    args: z.object({ caseId, SeriesInstanceUID: uid }).strict(),
    run: (args, ctx) => {
      requireCase(ctx, args.caseId);
      const caseFile = ctx.core.library.openCase(args.caseId);
      caseFile.audit('series.view', ctx.core.actor, { SeriesInstanceUID: args.SeriesInstanceUID });
      return caseFile.listInstances(args.SeriesInstanceUID);
    },
  },
};
