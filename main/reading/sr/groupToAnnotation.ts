// A measurement group read from a report, as an annotation of this case again: when its geometry can be
// drawn (SCOORD3D, or SCOORD on an image the case holds) and the image it references is in the case
// (or, with no image, the series the Precis item names). The tool comes from the Precis item, else from
// the graphic types and concepts (toolGraphics.ts inferTool); points, values and units always from the
// standard items. Otherwise the reason why not, and the group's measurements are kept as report
// measurements instead.
import { createHash } from 'node:crypto';
import type { AnnotationInput, Finding, InstanceSummary, PatientPoint } from '../../../preload/api.ts';
import type { CompositeRef } from './contentItem.ts';
import { parseDescriptor } from './descriptor.ts';
import type { RawGraphic, ReadGroup } from './groupReader.ts';
import { findingFromCodes } from './findingCodes.ts';
import { planeOf, toPatient } from './imagePlane.ts';
import { keyOf, statsOf } from './measures.ts';
import { inferTool, pointsOf, type Graphic, type GraphicType, type ReadGraphics } from './toolGraphics.ts';
import { annotationUidOf } from './values.ts';

/** What the case holds, as the conversion needs it. */
export interface CaseImages {
  instance(sopInstanceUID: string): InstanceSummary | null;
  hasSeries(seriesInstanceUID: string): boolean;
}

export type GroupConversion =
  | { annotation: AnnotationInput; finding: Finding | null }
  | { reason: string };

const DRAWABLE = new Set<string>(['POINT', 'MULTIPOINT', 'POLYLINE', 'POLYGON', 'ELLIPSE']);
const LIMIT_MM = 1e6;

function patientPoints(raw: RawGraphic, fallbackImage: InstanceSummary | null, images: CaseImages): Graphic | string {
  if (!DRAWABLE.has(raw.graphicType)) return `its ${raw.graphicType} geometry is not one Precis draws`;
  let points: PatientPoint[];
  let graphicType = raw.graphicType as GraphicType;
  if (raw.coordinates === '3D') {
    points = Array.from({ length: raw.data.length / 3 }, (_, k) => raw.data.slice(3 * k, 3 * k + 3) as PatientPoint);
  } else {
    const on = raw.image ? images.instance(raw.image.sopInstanceUID) : fallbackImage;
    if (!on) return 'its image coordinates are on an image that is not in this case';
    const plane = planeOf(on);
    points = Array.from({ length: raw.data.length / 2 }, (_, k) => toPatient(plane, [raw.data[2 * k] ?? 0, raw.data[2 * k + 1] ?? 0]));
    // SCOORD writes a closed polygon as a POLYLINE that ends where it starts.
    const first = points[0];
    const last = points[points.length - 1];
    if (graphicType === 'POLYLINE' && points.length >= 4 && first && last && first.every((v, k) => Math.abs(v - (last[k] ?? 0)) < 1e-3)) graphicType = 'POLYGON';
  }
  if (points.some((p) => p.some((v) => !Number.isFinite(v) || Math.abs(v) > LIMIT_MM))) return 'its coordinates are out of range';
  return { graphicType, points };
}

/** The case image the group was measured on: null when it names none; a reason when none is here. */
function imageOf(group: ReadGroup, images: CaseImages): { ref: CompositeRef; instance: InstanceSummary } | null | string {
  if (group.images.length === 0) return null;
  for (const ref of group.images) {
    const instance = images.instance(ref.sopInstanceUID);
    if (instance) return { ref, instance };
  }
  return 'the images it was measured on are not in this case';
}

function graphicsOf(group: ReadGroup, image: InstanceSummary | null, images: CaseImages): ReadGraphics | string {
  const read: ReadGraphics = { region: null, byMeasure: new Map() };
  if (group.region) {
    const region = patientPoints(group.region, image, images);
    if (typeof region === 'string') return region;
    read.region = region;
  }
  const inferred: Array<[string, RawGraphic | null]> = [
    ...group.measurements.map((m): [string, RawGraphic | null] => [keyOf(m.name, m.derivation), m.graphic]),
    ...group.texts.map((t): [string, RawGraphic | null] => ['text', t.graphic]),
  ];
  for (const [key, raw] of inferred) {
    if (!raw || read.byMeasure.has(key)) continue;
    const graphic = patientPoints(raw, image, images);
    if (typeof graphic === 'string') return graphic;
    read.byMeasure.set(key, graphic);
  }
  if (!read.region && read.byMeasure.size === 0) return 'it has no geometry';
  return read;
}

/** An annotation UID for a group that has no Tracking Unique Identifier: stable for the same report. */
const derivedUid = (reportUid: string, index: number): string =>
  `2.25.${BigInt(`0x${createHash('sha256').update(`${reportUid}#${index}`).digest('hex').slice(0, 32)}`).toString()}`;

export function annotationOfGroup(group: ReadGroup, reportUid: string, images: CaseImages): GroupConversion {
  const descriptor = parseDescriptor(group.precis);
  const image = imageOf(group, images);
  if (typeof image === 'string') return { reason: image };
  if (!image && !(descriptor?.SeriesInstanceUID && images.hasSeries(descriptor.SeriesInstanceUID))) {
    return { reason: 'it names no image of this case' };
  }
  const read = graphicsOf(group, image?.instance ?? null, images);
  if (typeof read === 'string') return { reason: read };
  const tool = descriptor?.tool ?? inferTool(read);
  if (!tool) return { reason: 'its geometry and measurements fit no Precis tool' };
  const orientation = image?.instance.ImageOrientationPatient ?? null;
  const points = pointsOf(tool, read, { ellipseSwapped: descriptor ? (descriptor.ellipseSwapped ?? false) : null, orientation, closed: descriptor?.geometry.closed ?? null });
  if (!points || points.length === 0) return { reason: `its geometry does not fit the ${tool} tool` };
  const frame = image ? (image.ref.frames[0] ?? 1) : null;
  if (image && frame !== null && frame > image.instance.NumberOfFrames) return { reason: `it names frame ${frame} of an image with ${image.instance.NumberOfFrames}` };
  // Patient coordinates keep their Frame of Reference; an image's pixel coordinates have none.
  const frameOfReference = [group.region, ...group.measurements.map((m) => m.graphic), ...group.texts.map((t) => t.graphic)]
    .find((g) => g?.coordinates === '3D')?.frameOfReferenceUID ?? null;
  const text = group.texts[0]?.text;
  const geometry: AnnotationInput['geometry'] = { ...(descriptor?.geometry ?? (tool === 'PlanarFreehandROI' ? { closed: read.region?.graphicType === 'POLYGON' } : {})) };
  if (text !== undefined) geometry.text = text;
  const annotation: AnnotationInput = {
    annotationUID: descriptor?.annotationUID ?? (group.trackingUid ? annotationUidOf(group.trackingUid) : derivedUid(reportUid, group.index)),
    tool,
    SOPInstanceUID: image?.ref.sopInstanceUID ?? null,
    frame: descriptor?.frame !== undefined ? descriptor.frame : frame,
    SeriesInstanceUID: image ? image.instance.SeriesInstanceUID : (descriptor?.SeriesInstanceUID ?? null),
    FrameOfReferenceUID: frameOfReference,
    points,
    geometry,
    label: descriptor?.label ?? group.trackingIdentifier ?? '',
    stats: { ...statsOf(group.measurements.map((m) => ({ concept: m.name, derivation: m.derivation, value: m.value, unit: m.unit }))), ...(descriptor?.stats ?? {}) },
  };
  const finding = descriptor?.finding !== undefined ? descriptor.finding : findingFromCodes(group.finding, group.findingSites[0] ?? null);
  return { annotation, finding };
}
