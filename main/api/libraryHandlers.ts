import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, noArgs, uid } from './schemas.ts';
import { listSeries, openCaseStudies, searchPatientPage, viewSeries } from '../services/reading.ts';

type LibraryChannels = 'library.status' | 'patients.search' | 'studies.list' | 'series.list' | 'series.instances';

/** Rows per patient page when the client does not say (a screenful is ~20), and the most it may ask. */
const PAGE_LIMIT_DEFAULT = 200;
const PAGE_LIMIT_MAX = 1000;

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
    run: (args, ctx) => searchPatientPage(ctx.core, args.query ?? '', args.cursor, args.limit ?? PAGE_LIMIT_DEFAULT),
  },
  'studies.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => openCaseStudies(ctx.core, args.caseId),
  },
  'series.list': {
    args: z.object({ caseId, StudyInstanceUID: uid }).strict(),
    run: (args, ctx) => listSeries(ctx.core, args.caseId, args.StudyInstanceUID),
  },
  'series.instances': {
    args: z.object({ caseId, SeriesInstanceUID: uid }).strict(),
    run: (args, ctx) => viewSeries(ctx.core, args.caseId, args.SeriesInstanceUID),
  },
};
