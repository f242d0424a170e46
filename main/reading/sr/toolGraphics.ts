// A Cornerstone3D tool's points (its handles, in the order that gives each its role) as SR graphics,
// and back, so that a round trip gives every handle its role again:
//   Length, ArrowAnnotate: POLYLINE of 2; Angle: POLYLINE of 3; CobbAngle: MULTIPOINT of 4 (two lines,
//   not one path); Bidirectional: POLYLINE of 2 for the long axis, another for the short axis; Probe:
//   POINT. These hang under the measurement they are inferred from (TID 300).
//   EllipticalROI: ELLIPSE, the Image Region of the group (TID 1410). DICOM puts the major axis first;
//     Cornerstone's handles are bottom, top, left, right, so the pairs are swapped when left-right is
//     the longer axis, and swapped back on reading (the Precis annotation item says so; another
//     producer's ellipse gets its roles from the image's orientation).
//   RectangleROI: POLYGON through the corners in drawing order (handles are top left, top right, bottom
//     left, bottom right), closed by repeating the first point. PlanarFreehandROI: POLYGON (the contour
//     closed by repeating its first point) or, open, POLYLINE.
// Any other tool: MULTIPOINT of its points in their order.
import type { PatientPoint } from '../../../preload/api.ts';

export type GraphicType = 'POINT' | 'MULTIPOINT' | 'POLYLINE' | 'POLYGON' | 'ELLIPSE';

export interface Graphic {
  graphicType: GraphicType;
  points: PatientPoint[];
}

/** Where a tool's geometry goes: one Image Region for the group, or one graphic per measurement
 *  (by stats key; 'text' for the arrow's text). */
export interface ToolGraphics {
  region: Graphic | null;
  byMeasure: Array<[string, Graphic]>;
  /** The ellipse was written with its handle pairs swapped (major axis first). */
  ellipseSwapped: boolean;
}

const distance = (a: PatientPoint, b: PatientPoint): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const g = (graphicType: GraphicType, points: PatientPoint[]): Graphic => ({ graphicType, points });

export function graphicsOf(tool: string, points: PatientPoint[], closed: boolean | undefined): ToolGraphics {
  const none: ToolGraphics = { region: null, byMeasure: [], ellipseSwapped: false };
  const [p0, p1, p2, p3] = points;
  if (tool === 'Length' && p0 && p1 && points.length === 2) return { ...none, byMeasure: [['length', g('POLYLINE', points)]] };
  if (tool === 'ArrowAnnotate' && points.length === 2) return { ...none, byMeasure: [['text', g('POLYLINE', points)]] };
  if (tool === 'Angle' && points.length === 3) return { ...none, byMeasure: [['angle', g('POLYLINE', points)]] };
  if (tool === 'CobbAngle' && points.length === 4) return { ...none, byMeasure: [['angle', g('MULTIPOINT', points)]] };
  if (tool === 'Probe' && points.length === 1) return { ...none, byMeasure: [['value', g('POINT', points)]] };
  if (tool === 'Bidirectional' && p0 && p1 && p2 && p3 && points.length === 4) {
    return { ...none, byMeasure: [['length', g('POLYLINE', [p0, p1])], ['width', g('POLYLINE', [p2, p3])]] };
  }
  if (tool === 'EllipticalROI' && p0 && p1 && p2 && p3 && points.length === 4) {
    const swapped = distance(p2, p3) > distance(p0, p1);
    return { ...none, region: g('ELLIPSE', swapped ? [p2, p3, p0, p1] : points), ellipseSwapped: swapped };
  }
  if (tool === 'RectangleROI' && p0 && p1 && p2 && p3 && points.length === 4) return { ...none, region: g('POLYGON', [p0, p1, p3, p2, p0]) };
  if (tool === 'PlanarFreehandROI' && p0 && points.length >= 2) {
    return { ...none, region: closed === false ? g('POLYLINE', points) : g('POLYGON', [...points, p0]) };
  }
  return { ...none, region: g(points.length === 1 ? 'POINT' : 'MULTIPOINT', points) };
}

/** What a group's graphics are, as read (patient coordinates). */
export interface ReadGraphics {
  region: Graphic | null;
  byMeasure: Map<string, Graphic>;
}

/** Cornerstone's ellipse roles from an image plane: bottom, top (along the column direction, +row is
 *  down), left, right (along the row direction). */
function ellipseRoles(points: PatientPoint[], rowCosine: readonly number[], columnCosine: readonly number[]): PatientPoint[] {
  const [a0, a1, b0, b1] = points as [PatientPoint, PatientPoint, PatientPoint, PatientPoint];
  const along = (p: PatientPoint, d: readonly number[]): number => p[0] * (d[0] ?? 0) + p[1] * (d[1] ?? 0) + p[2] * (d[2] ?? 0);
  const vertical = Math.abs(along(a1, columnCosine) - along(a0, columnCosine)) >= Math.abs(along(b1, columnCosine) - along(b0, columnCosine));
  const [v0, v1, h0, h1] = vertical ? [a0, a1, b0, b1] : [b0, b1, a0, a1];
  const [bottom, top] = along(v0, columnCosine) >= along(v1, columnCosine) ? [v0, v1] : [v1, v0];
  const [left, right] = along(h0, rowCosine) <= along(h1, rowCosine) ? [h0, h1] : [h1, h0];
  return [bottom, top, left, right];
}

export interface PointsContext {
  ellipseSwapped: boolean | null;
  /** The referenced image's orientation (row, then column direction cosines), when known. */
  orientation: readonly number[] | null;
  /** A freehand contour written open (the Precis item says so): its points are all kept. */
  closed: boolean | null;
}

const samePoint = (a: PatientPoint | undefined, b: PatientPoint | undefined): boolean => !!a && !!b && distance(a, b) < 1e-3;

/** A tool's points from its graphics (the inverse of graphicsOf); null when they do not fit the tool. */
export function pointsOf(tool: string, read: ReadGraphics, ctx: PointsContext): PatientPoint[] | null {
  const measure = (k: string): PatientPoint[] | null => read.byMeasure.get(k)?.points ?? null;
  const region = read.region;
  // Written when a tool's geometry could not hang under its measurements (graphicsOf's last case).
  if (region?.graphicType === 'MULTIPOINT' && read.byMeasure.size === 0) return region.points;
  if (tool === 'Length') return measure('length');
  if (tool === 'ArrowAnnotate') return measure('text');
  if (tool === 'Angle' || tool === 'CobbAngle') return measure('angle');
  if (tool === 'Probe') return measure('value') ?? (region?.graphicType === 'POINT' ? region.points : null);
  if (tool === 'Bidirectional') {
    const long = measure('length');
    const short = measure('width');
    return long && short ? [...long, ...short] : null;
  }
  if (!region) return null;
  const q = region.points;
  if (tool === 'EllipticalROI' && region.graphicType === 'ELLIPSE' && q.length === 4) {
    const [q0, q1, q2, q3] = q as [PatientPoint, PatientPoint, PatientPoint, PatientPoint];
    if (ctx.ellipseSwapped !== null) return ctx.ellipseSwapped ? [q2, q3, q0, q1] : q;
    return ctx.orientation?.length === 6 ? ellipseRoles(q, ctx.orientation.slice(0, 3), ctx.orientation.slice(3, 6)) : q;
  }
  if (tool === 'RectangleROI' && region.graphicType === 'POLYGON' && q.length === 5) return [q[0], q[1], q[3], q[2]] as PatientPoint[];
  if (tool === 'PlanarFreehandROI' && (region.graphicType === 'POLYLINE' || ctx.closed === false)) return q;
  if (tool === 'PlanarFreehandROI' && region.graphicType === 'POLYGON' && samePoint(q[0], q[q.length - 1])) return q.slice(0, -1);
  return null;
}

function isRectangle(q: PatientPoint[]): boolean {
  if (q.length !== 5 || !samePoint(q[0], q[4])) return false;
  const [a, b, c, d] = q as [PatientPoint, PatientPoint, PatientPoint, PatientPoint];
  return Math.abs(distance(a, c) - distance(b, d)) < 1e-3 && Math.abs(distance(a, b) - distance(c, d)) < 1e-3;
}

/** The tool a foreign group's graphics and measurements stand for (another producer's report), or null. */
export function inferTool(read: ReadGraphics): string | null {
  const m = (k: string): Graphic | undefined => read.byMeasure.get(k);
  const region = read.region;
  if (region?.graphicType === 'ELLIPSE') return 'EllipticalROI';
  if (region?.graphicType === 'POLYGON') return isRectangle(region.points) ? 'RectangleROI' : 'PlanarFreehandROI';
  if (region?.graphicType === 'POLYLINE') return 'PlanarFreehandROI';
  if (m('length')?.points.length === 2 && m('width')?.points.length === 2) return 'Bidirectional';
  const angle = m('angle');
  if (angle?.points.length === 3) return 'Angle';
  if (angle?.points.length === 4) return 'CobbAngle';
  if (m('length')?.points.length === 2) return 'Length';
  if (m('value')?.graphicType === 'POINT' || region?.graphicType === 'POINT') return 'Probe';
  if (m('text')?.points.length === 2) return 'ArrowAnnotate';
  return null;
}
