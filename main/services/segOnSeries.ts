// An imported DICOM SEG laid on the series it segments, as the viewer's labelmaps need it: Uint8 label
// volumes on the series' own grid (slice k = the k-th image along the slice normal), each SEG slice
// placed on the image at its position (the SEG must share the images' rows, columns, orientation and
// in-plane origin: nothing is resampled). A label volume holds one value per voxel, so overlapping
// segments go into separate layers (first layer a segment does not overlap), each layer one volume.
import type { InstanceSummary, MaskGeometry, MaskLabel } from '../../preload/api.ts';
import { AppError } from '../errors.ts';
import type { ReadSegmentation, SegmentLabelmap } from '../reading/seg/index.ts';

type Vec3 = [number, number, number];

export interface SegLayer {
  /** Label value of each voxel (the segment's SegmentNumber; 0 none), on `geometry`. */
  labels: Uint8Array;
  segments: Array<{ segment: SegmentLabelmap; value: number; voxels: number }>;
}

export interface SegOnSeries {
  geometry: MaskGeometry;
  layers: SegLayer[];
}

/** mm: an image and a SEG slice closer than this along the normal are the same plane. */
const SAME_PLANE_MM = 0.05;
/** Segment colours when the SEG has no Recommended Display CIELab Value (Slicer's first labels). */
const PALETTE: Vec3[] = [[128, 174, 128], [241, 214, 145], [177, 122, 101], [111, 184, 210], [216, 101, 79], [221, 130, 101], [144, 238, 144], [192, 104, 88]];

const dot = (a: readonly number[], b: readonly number[]): number => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
const cross = (a: readonly number[], b: readonly number[]): Vec3 => [(a[1] ?? 0) * (b[2] ?? 0) - (a[2] ?? 0) * (b[1] ?? 0), (a[2] ?? 0) * (b[0] ?? 0) - (a[0] ?? 0) * (b[2] ?? 0), (a[0] ?? 0) * (b[1] ?? 0) - (a[1] ?? 0) * (b[0] ?? 0)];
const refuse = (why: string): never => { throw new AppError('invalid-argument', `The SEG cannot be laid on its series: ${why}.`); };

/** The series' grid from its images' headers, slices ascending along the normal. */
export function seriesGrid(images: readonly InstanceSummary[]): MaskGeometry {
  const first = images[0];
  const o = first?.ImageOrientationPatient;
  if (!first || !o || o.length !== 6 || !first.PixelSpacing) return refuse('its series has no image orientation or pixel spacing');
  const row: Vec3 = [o[0] ?? 0, o[1] ?? 0, o[2] ?? 0];
  const column: Vec3 = [o[3] ?? 0, o[4] ?? 0, o[5] ?? 0];
  const normal = cross(row, column);
  const placed = images.map((i) => {
    if (!i.ImagePositionPatient || i.Rows !== first.Rows || i.Columns !== first.Columns) refuse('its series\' images differ in size or lack a position');
    return { sop: i.SOPInstanceUID, position: i.ImagePositionPatient as number[], along: dot(i.ImagePositionPatient as number[], normal) };
  }).sort((a, b) => a.along - b.along);
  const gaps = placed.slice(1).map((p, k) => p.along - (placed[k]?.along ?? 0));
  const step = gaps.length > 0 ? gaps.reduce((s, g) => s + g, 0) / gaps.length : 1;
  const origin = placed[0]?.position ?? [0, 0, 0];
  return {
    dims: [first.Columns, first.Rows, placed.length],
    spacing: [first.PixelSpacing[1], first.PixelSpacing[0], step > 0 ? step : 1],
    origin: [origin[0] ?? 0, origin[1] ?? 0, origin[2] ?? 0],
    direction: [row, column, normal],
    SOPInstanceUIDs: placed.map((p) => p.sop),
  };
}

/** For each SEG slice, the series slice at its position (-1 when none). */
function sliceMap(seg: ReadSegmentation, images: readonly InstanceSummary[], grid: MaskGeometry): number[] {
  const g = seg.geometry;
  if (g.dims[0] !== grid.dims[0] || g.dims[1] !== grid.dims[1]) refuse(`the SEG is ${g.dims[0]}x${g.dims[1]}, the images ${grid.dims[0]}x${grid.dims[1]}`);
  if ([0, 1].some((a) => dot(g.direction[a as 0], grid.direction[a as 0]) < 0.9999)) refuse('the SEG and the images differ in orientation');
  if (Math.abs(g.spacing[0] - grid.spacing[0]) > 1e-4 || Math.abs(g.spacing[1] - grid.spacing[1]) > 1e-4) refuse('the SEG and the images differ in pixel spacing');
  const positionOf = new Map(images.map((i) => [i.SOPInstanceUID, i.ImagePositionPatient ?? [NaN, NaN, NaN]]));
  const positions = grid.SOPInstanceUIDs.map((sop) => positionOf.get(sop) ?? [NaN, NaN, NaN]);
  // By position only: a SEG slice off every image is refused (by the caller, when it has voxels), never snapped.
  return Array.from({ length: g.dims[2] }, (_, k) => {
    const p = [0, 1, 2].map((a) => g.origin[a as 0] + g.direction[2][a as 0] * k * g.spacing[2]);
    return positions.findIndex((q) => Math.hypot((q[0] ?? 0) - (p[0] ?? 0), (q[1] ?? 0) - (p[1] ?? 0), (q[2] ?? 0) - (p[2] ?? 0)) < SAME_PLANE_MM);
  });
}

export function segOnSeries(seg: ReadSegmentation, images: readonly InstanceSummary[]): SegOnSeries {
  const geometry = seriesGrid(images);
  const map = sliceMap(seg, images, geometry);
  const plane = geometry.dims[0] * geometry.dims[1];
  const layers: SegLayer[] = [];
  for (const segment of seg.segments) {
    const value = segment.segment.SegmentNumber;
    if (value === 0 || segment.voxels === 0) continue; // a label map's background, or an empty segment
    if (value > 255) refuse(`segment number ${value} is above 255`);
    const voxels: number[] = [];
    segment.mask.forEach((v, n) => {
      if (!v) return;
      const j = map[Math.floor(n / plane)] ?? -1;
      if (j < 0) refuse(`segment "${segment.segment.SegmentLabel}" has voxels on a plane none of the images lies on`);
      voxels.push(j * plane + (n % plane));
    });
    let layer = layers.find((l) => voxels.every((n) => l.labels[n] === 0));
    if (!layer) layers.push(layer = { labels: new Uint8Array(plane * geometry.dims[2]), segments: [] });
    for (const n of voxels) layer.labels[n] = value;
    layer.segments.push({ segment, value, voxels: voxels.length });
  }
  if (layers.length === 0) refuse('every segment is empty');
  return { geometry, layers };
}

/** The labels of a layer as the viewer colours them: the SEG's colour, else a palette colour. */
export const layerLabels = (layer: SegLayer): MaskLabel[] =>
  layer.segments.map(({ segment, value }) => ({ value, name: segment.segment.SegmentLabel || `Segment ${value}`, color: segment.segment.rgb ? [...segment.segment.rgb] as Vec3 : PALETTE[(value - 1) % PALETTE.length] as Vec3 }));
