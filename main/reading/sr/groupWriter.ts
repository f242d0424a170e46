// One annotation as a TID 1500 Measurement Group: Tracking Identifier (the label) and Tracking Unique
// Identifier, Finding and Finding Site from its finding, the image it was drawn on, each statistic as a
// NUM (concept, derivation, UCUM unit; the value as DS and at full precision as FD), the geometry as
// SCOORD3D in patient mm with the Frame of Reference (SCOORD in pixels only for an image without one),
// the arrow's text as TEXT, and the Precis annotation item (descriptor.ts) for the rest.
//
// Why SCOORD3D: our points are patient coordinates, so SCOORD3D keeps them as they are (32-bit floats:
// within 0.0001 mm at body scale) and in the handle order; SCOORD would pass them through each image's
// pixel grid and lose the plane they lie in.
import type { AnnotationRecord } from '../../../preload/api.ts';
import { C, type Code } from './codes.ts';
import { codeItem, container, item, textItem, type CompositeRef, type ContentItem } from './contentItem.ts';
import { descriptorText, type Descriptor } from './descriptor.ts';
import { findingFromCodes, freeTextCode } from './findingCodes.ts';
import { toImage, type ImagePlane } from './imagePlane.ts';
import { conceptOf, statsOf, unitKeyOf, type MeasureValue } from './measures.ts';
import { graphicsOf, type Graphic, type ToolGraphics } from './toolGraphics.ts';
import { ucumOf } from './units.ts';
import { annotationUidOf, trackingUidOf } from './values.ts';

/** The image an annotation was drawn on, as the case knows it. */
export interface AnnotationImage {
  sopClassUID: string;
  numberOfFrames: number;
  plane: ImagePlane;
}

export const trackingIdentifierOf = (a: Pick<AnnotationRecord, 'label' | 'finding' | 'tool'>): string => a.label || a.finding?.label || a.tool;

/** Single-frame SOP classes (CR, DX, MG, IO, CT, MR, US, SC, PET, VL): a reference to one of them
 *  shall not name a frame (PS3.3 C.17.3.2.1), even when the instance holds several, so the frame is
 *  then kept in the Precis annotation item. */
const SINGLE_FRAME_CLASSES = new Set(['1.1', '1.1.1', '1.1.1.1', '1.1.2', '1.1.2.1', '1.1.3', '1.1.3.1', '2', '4', '6.1', '7', '128', '77.1.1', '77.1.2', '77.1.3', '77.1.4']
  .map((suffix) => `1.2.840.10008.5.1.4.1.1.${suffix}`));

function imageRef(a: AnnotationRecord, image: AnnotationImage): CompositeRef {
  const frames = image.numberOfFrames > 1 && a.frame && !SINGLE_FRAME_CLASSES.has(image.sopClassUID) ? [a.frame] : [];
  return { sopClassUID: image.sopClassUID, sopInstanceUID: a.SOPInstanceUID ?? '', frames };
}

function spatial(relationship: 'CONTAINS' | 'INFERRED FROM', concept: Code | null, graphic: Graphic, a: AnnotationRecord, image: AnnotationImage | null): ContentItem {
  if (a.FrameOfReferenceUID) {
    return item(relationship, 'SCOORD3D', concept, { graphicType: graphic.graphicType, data: graphic.points.flat(), frameOfReferenceUID: a.FrameOfReferenceUID });
  }
  if (!image) throw new Error(`annotation ${a.annotationUID} has neither a Frame of Reference nor an image`);
  // SCOORD has no POLYGON: a closed POLYLINE (its first point repeated last) is one.
  const graphicType = graphic.graphicType === 'POLYGON' ? 'POLYLINE' : graphic.graphicType;
  const data = graphic.points.flatMap((p) => toImage(image.plane, p));
  return item(relationship, 'SCOORD', concept, { graphicType, data }, [item('SELECTED FROM', 'IMAGE', null, { ref: imageRef(a, image) })]);
}

/** Measurements (numeric statistics, in the order of the record) as they are written. */
function measuresOf(a: AnnotationRecord): Array<MeasureValue & { key: string }> {
  const valueUnit = typeof a.stats.valueUnit === 'string' ? a.stats.valueUnit : null;
  return Object.entries(a.stats)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]))
    .map(([key, value]) => {
      const unit = a.stats[unitKeyOf(key)];
      return { key, ...conceptOf(a.tool, key, valueUnit), value, unit: ucumOf(typeof unit === 'string' ? unit : null) };
    });
}

/** The geometry, falling back to one MULTIPOINT region when a graphic has no measurement to hang under. */
function placedGraphics(a: AnnotationRecord, keys: ReadonlySet<string>): ToolGraphics {
  const graphics = graphicsOf(a.tool, a.points, a.geometry.closed);
  if (graphics.byMeasure.every(([k]) => keys.has(k))) return graphics;
  return { region: { graphicType: a.points.length === 1 ? 'POINT' : 'MULTIPOINT', points: a.points }, byMeasure: [], ellipseSwapped: false };
}

function descriptorOf(a: AnnotationRecord, measures: MeasureValue[], graphics: ToolGraphics, textWritten: boolean, frames: number[]): Descriptor {
  const reproduced = statsOf(measures);
  const patch = Object.fromEntries(Object.entries(a.stats).filter(([k, v]) => !(k in reproduced) || reproduced[k] !== v));
  const fromCodes = findingFromCodes(a.finding?.label ? freeTextCode(a.finding.label) : null, a.finding?.location ? freeTextCode(a.finding.location) : null);
  const { text, ...geometry } = a.geometry;
  const frame = a.SOPInstanceUID ? (frames[0] ?? 1) : null;
  return {
    v: 1,
    tool: a.tool,
    ...(annotationUidOf(trackingUidOf(a.annotationUID)) !== a.annotationUID ? { annotationUID: a.annotationUID } : {}),
    ...(trackingIdentifierOf(a) !== a.label ? { label: a.label } : {}),
    ...(frame !== a.frame ? { frame: a.frame } : {}),
    ...(a.SOPInstanceUID === null ? { SeriesInstanceUID: a.SeriesInstanceUID } : {}),
    geometry: textWritten || text === undefined ? geometry : { ...geometry, text },
    ...(graphics.region?.graphicType === 'ELLIPSE' ? { ellipseSwapped: graphics.ellipseSwapped } : {}),
    ...(Object.keys(patch).length > 0 ? { stats: patch } : {}),
    ...(JSON.stringify(fromCodes) !== JSON.stringify(a.finding ?? null) ? { finding: a.finding } : {}),
  };
}

export function measurementGroup(a: AnnotationRecord, image: AnnotationImage | null): ContentItem {
  const measures = measuresOf(a);
  const text = a.geometry.text ? a.geometry.text : null;
  const graphics = placedGraphics(a, new Set([...measures.map((m) => m.key), ...(text ? ['text'] : [])]));
  const graphicFor = (key: string): ContentItem[] => {
    const graphic = graphics.byMeasure.find(([k]) => k === key)?.[1];
    return graphic ? [spatial('INFERRED FROM', null, graphic, a, image)] : [];
  };
  const children: ContentItem[] = [
    textItem('HAS OBS CONTEXT', 'TEXT', C.trackingIdentifier, trackingIdentifierOf(a)),
    textItem('HAS OBS CONTEXT', 'UIDREF', C.trackingUid, trackingUidOf(a.annotationUID)),
  ];
  if (a.finding?.label) children.push(codeItem('CONTAINS', C.finding, freeTextCode(a.finding.label)));
  if (a.finding?.location) children.push(codeItem('HAS CONCEPT MOD', C.findingSite, freeTextCode(a.finding.location)));
  const ref = image && a.SOPInstanceUID ? imageRef(a, image) : null;
  children.push(textItem('HAS OBS CONTEXT', 'TEXT', C.precisAnnotation, descriptorText(descriptorOf(a, measures, graphics, text !== null, ref?.frames ?? []))));
  if (ref) children.push(item('CONTAINS', 'IMAGE', C.sourceOfMeasurement, { ref }));
  if (graphics.region) children.push(spatial('CONTAINS', C.imageRegion, graphics.region, a, image));
  for (const m of measures) {
    const modifiers = m.derivation ? [codeItem('HAS CONCEPT MOD', C.derivation, m.derivation)] : [];
    children.push(item('CONTAINS', 'NUM', m.concept, { value: m.value, numeric: null, unit: m.unit }, [...modifiers, ...graphicFor(m.key)]));
  }
  if (text) children.push(textItem('CONTAINS', 'TEXT', C.comment, text, graphicFor('text')));
  return container('CONTAINS', C.measurementGroup, children);
}
