// The frames of a SEG written into one mask per segment on the grid: a BINARY frame sets its segment's
// voxels on its slice, a FRACTIONAL frame sets the fraction (and the mask where it is at least one
// half), a LABELMAP frame sets, for every pixel, the mask of the segment its value names (the Pixel
// Padding Value, when there is one, belongs to no segment). Slices without frames stay empty.
import { forEachSetBit, frameValues, pixelDataBytes } from './frameBits.ts';
import { SegFormatError, type LabelmapGeometry, type SegFrame, type SegmentInfo, type SegmentLabelmap, type SegmentationType } from './segTypes.ts';

/** Explicit limit on the bytes of all masks together (one byte a voxel a segment). */
export const MAX_MASK_BYTES = 2 ** 31;

export interface MaskInput {
  data: Uint8Array;
  type: SegmentationType;
  bitsAllocated: number;
  geometry: LabelmapGeometry;
  frames: SegFrame[];
  segments: SegmentInfo[];
  maximumFractionalValue: number;
  pixelPaddingValue: number | null;
}

function emptyLabelmaps(input: MaskInput, voxels: number): Map<number, SegmentLabelmap> {
  const out = new Map<number, SegmentLabelmap>();
  for (const segment of input.segments) {
    if (out.has(segment.SegmentNumber)) throw new SegFormatError('damaged', `segment number ${segment.SegmentNumber} is used twice in the Segment Sequence`);
    out.set(segment.SegmentNumber, { segment, mask: new Uint8Array(voxels), fraction: input.type === 'FRACTIONAL' ? new Float32Array(voxels) : null, voxels: 0, frames: [] });
  }
  return out;
}

function fillLabelMapFrame(input: MaskInput, labelmaps: Map<number, SegmentLabelmap>, frame: SegFrame, pixels: number): void {
  const values = frameValues(input.data, frame.frameNumber - 1, pixels, input.bitsAllocated === 16 ? 16 : 8);
  const base = frame.slice * pixels;
  const seen = new Set<number>();
  for (let n = 0; n < pixels; n++) {
    const v = values[n] ?? 0;
    if (v === input.pixelPaddingValue) continue;
    const target = labelmaps.get(v);
    if (!target) throw new SegFormatError('damaged', `frame ${frame.frameNumber} holds pixel value ${v}, which no segment of the Segment Sequence has`);
    target.mask[base + n] = 1;
    seen.add(v);
  }
  for (const v of seen) labelmaps.get(v)?.frames.push(frame.frameNumber);
}

function fillSegmentFrame(input: MaskInput, target: SegmentLabelmap, frame: SegFrame, pixels: number): void {
  const base = frame.slice * pixels;
  target.frames.push(frame.frameNumber);
  if (input.type === 'BINARY') {
    forEachSetBit(input.data, frame.frameNumber - 1, pixels, (n) => {
      target.mask[base + n] = 1;
    });
    return;
  }
  const values = frameValues(input.data, frame.frameNumber - 1, pixels, 8);
  const max = input.maximumFractionalValue > 0 ? input.maximumFractionalValue : 255;
  for (let n = 0; n < pixels; n++) {
    const fraction = (values[n] ?? 0) / max;
    if (target.fraction) target.fraction[base + n] = fraction;
    if (fraction >= 0.5) target.mask[base + n] = 1;
  }
}

export function fillMasks(input: MaskInput): SegmentLabelmap[] {
  const [columns, rows, slices] = input.geometry.dims;
  const pixels = columns * rows;
  const voxels = pixels * slices;
  if (voxels * input.segments.length > MAX_MASK_BYTES) throw new SegFormatError('too-large', `${input.segments.length} segments of ${voxels} voxels exceed the ${MAX_MASK_BYTES} bytes of masks this reader holds`);
  const needed = pixelDataBytes(input.frames.length, pixels, input.bitsAllocated);
  if (input.data.length < needed) throw new SegFormatError('damaged', `the Pixel Data holds ${input.data.length} bytes, ${needed} are needed for ${input.frames.length} frames of ${columns} x ${rows}`);
  const labelmaps = emptyLabelmaps(input, voxels);
  for (const frame of input.frames) {
    if (input.type === 'LABELMAP') {
      fillLabelMapFrame(input, labelmaps, frame, pixels);
      continue;
    }
    const target = labelmaps.get(frame.segmentNumber ?? -1);
    if (!target) throw new SegFormatError('damaged', `frame ${frame.frameNumber} names segment ${frame.segmentNumber}, which is not in the Segment Sequence`);
    fillSegmentFrame(input, target, frame, pixels);
  }
  const out = [...labelmaps.values()];
  for (const l of out) l.voxels = l.mask.reduce((sum, v) => sum + v, 0);
  return out;
}
