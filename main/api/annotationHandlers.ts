import { z } from 'zod';
import type { AnnotationInput } from '../../preload/api.ts';
import type { Handlers } from './types.ts';
import { caseId, uid } from './schemas.ts';
import { deleteAnnotation, listAnnotations, saveAnnotation, setFinding } from '../services/annotations.ts';

type AnnotationChannels = 'annotations.list' | 'annotations.save' | 'annotations.delete' | 'annotations.setFinding';

const coordinate = z.number().finite().min(-1e6).max(1e6);
const point = z.tuple([coordinate, coordinate, coordinate]);
const annotationUID = z.string().min(1).max(128);

/** What the viewer may hand over: bounded, finite numbers, no other fields. */
const annotationInput = z
  .object({
    annotationUID,
    tool: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/),
    SOPInstanceUID: uid.nullable(),
    frame: z.number().int().min(1).max(100_000).nullable(),
    SeriesInstanceUID: uid.nullable(),
    FrameOfReferenceUID: uid.nullable(),
    points: z.array(point).min(1).max(10_000),
    geometry: z
      .object({
        viewPlaneNormal: point.optional(),
        viewUp: point.optional(),
        textBox: point.nullable().optional(),
        text: z.string().max(1000).optional(),
        closed: z.boolean().optional(),
      })
      .strict(),
    label: z.string().max(200),
    stats: z.record(z.string().max(64), z.union([z.number().finite(), z.string().max(64), z.null()])).refine((s) => Object.keys(s).length <= 64, 'too many values'),
  })
  .strict() as z.ZodType<AnnotationInput>;

export const annotationHandlers: Pick<Handlers, AnnotationChannels> = {
  'annotations.list': {
    args: z.object({ caseId, SeriesInstanceUID: uid.optional() }).strict(),
    run: (args, ctx) => listAnnotations(ctx.core, args.caseId, args.SeriesInstanceUID),
  },
  'annotations.save': {
    args: z.object({ caseId, annotation: annotationInput }).strict(),
    run: (args, ctx) => saveAnnotation(ctx.core, args.caseId, args.annotation),
  },
  'annotations.setFinding': {
    args: z
      .object({
        caseId,
        annotationUID,
        finding: z.object({ label: z.string().max(200), location: z.string().max(200), target: z.boolean() }).strict().nullable(),
      })
      .strict(),
    run: (args, ctx) => setFinding(ctx.core, args.caseId, args.annotationUID, args.finding),
  },
  'annotations.delete': {
    args: z.object({ caseId, annotationUID }).strict(),
    run: (args, ctx) => ({ deleted: deleteAnnotation(ctx.core, args.caseId, args.annotationUID) }),
  },
};
