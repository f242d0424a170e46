// The Precis annotation item of a measurement group: a TEXT content item coded (ANNOTATION, 99PRECIS)
// holding, as JSON, what the standard items cannot say and Precis needs to draw the annotation again
// exactly: the Cornerstone3D tool, the view (plane normal, view up), the text box, open or closed, the
// ellipse's handle order, and only where the standard items do not give them back unchanged: the
// annotation UID, the label, statistics, the finding (its target flag; texts over 64 characters) and
// the frame. Points, values and units always come from the SCOORD3D and NUM items; another viewer
// ignores this item (private scheme), and a report without it is read from its standard items alone.
import { z } from 'zod';
import type { AnnotationInput, Finding } from '../../../preload/api.ts';

const point = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

const schema = z.object({
  v: z.literal(1),
  tool: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/),
  annotationUID: z.string().min(1).max(128).optional(),
  label: z.string().max(200).optional(),
  frame: z.number().int().min(1).nullable().optional(),
  SeriesInstanceUID: z.string().min(1).max(64).nullable().optional(),
  geometry: z.object({
    viewPlaneNormal: point.optional(),
    viewUp: point.optional(),
    textBox: point.nullable().optional(),
    text: z.string().max(1000).optional(),
    closed: z.boolean().optional(),
  }).strict(),
  ellipseSwapped: z.boolean().optional(),
  stats: z.record(z.string().max(64), z.union([z.number().finite(), z.string().max(64), z.null()])).optional(),
  finding: z.object({ label: z.string().max(200), location: z.string().max(200), target: z.boolean() }).strict().nullable().optional(),
}).strict();

export type Descriptor = z.infer<typeof schema> & { geometry: AnnotationInput['geometry']; finding?: Finding | null };

export function descriptorText(d: Descriptor): string {
  return JSON.stringify(d);
}

/** The descriptor in a group's Precis item; null when the text is not one (then the group is read as
 *  any other producer's). */
export function parseDescriptor(text: string | null): Descriptor | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as Descriptor) : null;
  } catch {
    return null;
  }
}
