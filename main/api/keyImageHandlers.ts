// keyImages.list, keyImages.set and case.exportKeyImages: the same services as `precis export kos`.
// As for the other exports (caseHandlers.ts), the documents go to <dataDir>/exports/ and the answer says where.
import { join } from 'node:path';
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, uid } from './schemas.ts';
import { exportKeyImages, listKeyImages, setKeyImage } from '../services/keyImages.ts';

type KeyImageChannels = 'keyImages.list' | 'keyImages.set' | 'case.exportKeyImages';

export const keyImageHandlers: Pick<Handlers, KeyImageChannels> = {
  'keyImages.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => listKeyImages(ctx.core, args.caseId),
  },
  'keyImages.set': {
    args: z.object({ caseId, SOPInstanceUID: uid, frame: z.number().int().min(1).max(100_000), key: z.boolean() }).strict(),
    run: (args, ctx) => setKeyImage(ctx.core, args.caseId, args.SOPInstanceUID, args.frame, args.key),
  },
  'case.exportKeyImages': {
    args: z.object({ caseId }).strict(),
    run: async (args, ctx) => {
      const time = new Date().toISOString().replace(/[:.]/g, '-');
      const result = await exportKeyImages(ctx.core, args.caseId, join(ctx.core.dataDir, 'exports', `${time}-${args.caseId}-key-images.dcm`));
      return { file: result.file, images: result.images, documents: result.documents };
    },
  },
};
