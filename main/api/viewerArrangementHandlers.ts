import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, noArgs, uid } from './schemas.ts';
import { linkFrames, listFrameLinks, unlinkFrames } from '../services/frameLinks.ts';

type ArrangementChannels = 'frameLinks.list' | 'frameLinks.link' | 'frameLinks.unlink' | 'hangingProtocols.list' | 'hangingProtocols.save';

const millimetres = z.number().finite().min(-10_000).max(10_000);

/** The viewer's arrangement: Frame of Reference links of a case (priors), hanging protocols of the library. */
export const viewerArrangementHandlers: Pick<Handlers, ArrangementChannels> = {
  'hangingProtocols.list': {
    args: noArgs,
    run: (_args, ctx) => ctx.core.library.hangingProtocols.list(),
  },
  'hangingProtocols.save': {
    args: z.object({ modality: z.string().regex(/^[A-Z0-9]{1,16}$/), layout: z.enum(['1x1', '1x2', '2x1', '2x2', 'mpr']) }).strict(),
    run: (args, ctx) => ctx.core.library.hangingProtocols.save(args.modality, args.layout, ctx.core.actor),
  },
  'frameLinks.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => listFrameLinks(ctx.core, args.caseId),
  },
  'frameLinks.link': {
    args: z.object({ caseId, from: uid, to: uid, offset: z.tuple([millimetres, millimetres, millimetres]) }).strict(),
    run: (args, ctx) => linkFrames(ctx.core, args.caseId, args.from, args.to, args.offset),
  },
  'frameLinks.unlink': {
    args: z.object({ caseId, from: uid, to: uid }).strict(),
    run: (args, ctx) => ({ unlinked: unlinkFrames(ctx.core, args.caseId, args.from, args.to) }),
  },
};
