// Between Cornerstone3D's annotations and the case file's records (preload/api.ts AnnotationInput):
// the defining points in patient coordinates, what else redraws it, and its measured values with units.
// Pure: no Cornerstone state is touched here.
import type { AnnotationInput, AnnotationRecord, PatientPoint } from '../../../preload/api.ts';
import { parsePrecisImageId, precisImageId } from '../viewer/imageIds.ts';

/** The parts of a Cornerstone annotation this reads and writes (its types vary by tool). */
export interface ToolAnnotation {
  annotationUID?: string;
  metadata: {
    toolName: string;
    referencedImageId?: string;
    FrameOfReferenceUID?: string;
    viewPlaneNormal?: number[];
    viewUp?: number[];
  };
  data: {
    handles?: { points?: number[][]; textBox?: { worldPosition?: number[]; hasMoved?: boolean } };
    contour?: { polyline?: number[][]; closed?: boolean };
    cachedStats?: Record<string, Record<string, unknown>>;
    label?: string;
    text?: string;
  };
  invalidated?: boolean;
  highlighted?: boolean;
  isLocked?: boolean;
  isVisible?: boolean;
}

const FREEHAND = 'PlanarFreehandROI';
const point = (p: readonly number[]): PatientPoint => [Number(p[0]), Number(p[1]), Number(p[2])];

/** Cornerstone's statistic names and ours (the CLI and the SR name them so). */
const STATS: ReadonlyArray<[string, string]> = [
  ['length', 'length'], ['width', 'width'], ['angle', 'angle'], ['area', 'area'], ['perimeter', 'perimeter'],
  ['mean', 'mean'], ['stdDev', 'sd'], ['min', 'min'], ['max', 'max'], ['value', 'value'],
];

/** Measured values with units: `<name>Unit` beside each group (mm or px for lengths, HU for CT values). */
export function statsOf(cached: Record<string, unknown> | undefined, tool: string): AnnotationInput['stats'] {
  const stats: AnnotationInput['stats'] = {};
  if (!cached) return stats;
  for (const [from, to] of STATS) {
    const value = cached[from];
    if (typeof value === 'number' && Number.isFinite(value)) stats[to] = value;
  }
  const text = (key: string): string | null => (typeof cached[key] === 'string' ? (cached[key] as string) : null);
  if ('length' in stats || 'width' in stats) stats.lengthUnit = text('unit') ?? text('lengthUnit');
  if ('angle' in stats) stats.angleUnit = 'deg';
  if ('area' in stats) stats.areaUnit = text('areaUnit');
  if (['mean', 'sd', 'min', 'max', 'value'].some((k) => k in stats)) stats.valueUnit = text('modalityUnit') ?? text('pixelValueUnits');
  return stats;
}

/** The series a reformatted (MPR) plane shows: an annotation drawn there has no image of its own. */
export interface PlaneSeries {
  caseId: string;
  SeriesInstanceUID: string;
}

/**
 * The record to keep for a Cornerstone annotation drawn on one of this app's images, or on an MPR plane
 * of `plane` (no image: kept by its Frame of Reference, in patient coordinates); null otherwise.
 */
export function inputOf(annotation: ToolAnnotation, seriesOf: (caseId: string, sop: string) => string | null, plane: PlaneSeries | null = null): { caseId: string; input: AnnotationInput } | null {
  const image = annotation.metadata.referencedImageId ? parsePrecisImageId(annotation.metadata.referencedImageId) : null;
  const onPlane = !image && plane && annotation.metadata.FrameOfReferenceUID ? plane : null;
  const ref = image ?? (onPlane ? { caseId: onPlane.caseId, sop: null, frame: null } : null);
  if (!ref || !annotation.annotationUID) return null;
  const tool = annotation.metadata.toolName;
  const points = tool === FREEHAND ? annotation.data.contour?.polyline : annotation.data.handles?.points;
  if (!points || points.length === 0) return null;
  const cached = annotation.data.cachedStats ? Object.values(annotation.data.cachedStats)[0] : undefined;
  const textBox = annotation.data.handles?.textBox;
  const { viewPlaneNormal, viewUp } = annotation.metadata;
  return {
    caseId: ref.caseId,
    input: {
      annotationUID: annotation.annotationUID,
      tool,
      SOPInstanceUID: ref.sop,
      frame: ref.frame,
      SeriesInstanceUID: ref.sop ? seriesOf(ref.caseId, ref.sop) : (onPlane?.SeriesInstanceUID ?? null),
      FrameOfReferenceUID: annotation.metadata.FrameOfReferenceUID ?? null,
      points: points.map(point),
      geometry: {
        ...(viewPlaneNormal ? { viewPlaneNormal: point(viewPlaneNormal) } : {}),
        ...(viewUp ? { viewUp: point(viewUp) } : {}),
        ...(textBox?.hasMoved && textBox.worldPosition ? { textBox: point(textBox.worldPosition) } : {}),
        ...(annotation.data.text !== undefined ? { text: annotation.data.text } : {}),
        ...(tool === FREEHAND ? { closed: annotation.data.contour?.closed ?? true } : {}),
      },
      label: annotation.data.label ?? '',
      stats: statsOf(cached, tool),
    },
  };
}

/** A stored record as a Cornerstone annotation on its image (statistics are computed again on render). */
export function annotationOf(record: AnnotationRecord, caseId: string): ToolAnnotation | null {
  // A plane's annotation (no image) is shown wherever its Frame of Reference and plane are.
  if (!record.SOPInstanceUID && !record.FrameOfReferenceUID) return null;
  const points = record.points.map((p) => [...p]);
  const textBox = record.geometry.textBox
    ? { hasMoved: true, worldPosition: [...record.geometry.textBox], worldBoundingBox: undefined }
    : { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: undefined };
  return {
    annotationUID: record.annotationUID,
    highlighted: false,
    isLocked: false,
    isVisible: true,
    invalidated: true,
    metadata: {
      toolName: record.tool,
      ...(record.SOPInstanceUID ? { referencedImageId: precisImageId(caseId, record.SOPInstanceUID, record.frame ?? 1) } : {}),
      FrameOfReferenceUID: record.FrameOfReferenceUID ?? undefined,
      ...(record.geometry.viewPlaneNormal ? { viewPlaneNormal: [...record.geometry.viewPlaneNormal] } : {}),
      ...(record.geometry.viewUp ? { viewUp: [...record.geometry.viewUp] } : {}),
    },
    data: {
      handles: { points: record.tool === FREEHAND ? [] : points, textBox },
      ...(record.tool === FREEHAND ? { contour: { polyline: points, closed: record.geometry.closed ?? true } } : {}),
      ...(record.geometry.text !== undefined ? { text: record.geometry.text } : {}),
      label: record.label,
      cachedStats: {},
    },
  };
}

/** The figure a list shows for a record: its main value with unit, rounded as a clinician reads it. */
export function mainValueOf(record: Pick<AnnotationRecord, 'stats' | 'tool'>): string {
  const s = record.stats;
  const num = (k: string, digits: number): string | null => (typeof s[k] === 'number' ? (s[k] as number).toFixed(digits) : null);
  const unit = (k: string): string => (typeof s[k] === 'string' && s[k] ? ` ${s[k] as string}` : '');
  if (num('length', 1) && num('width', 1)) return `${num('length', 1)} × ${num('width', 1)}${unit('lengthUnit')}`;
  if (num('length', 1)) return `${num('length', 1)}${unit('lengthUnit')}`;
  if (num('angle', 1)) return `${num('angle', 1)}°`;
  if (num('mean', 1)) return `mean ${num('mean', 1)}${unit('valueUnit')}, SD ${num('sd', 1) ?? '–'}, area ${num('area', 1) ?? '–'}${unit('areaUnit')}`;
  if (num('value', 1)) return `${num('value', 1)}${unit('valueUnit')}`;
  return '';
}
