// Reads a CT series into a Volume of HU, each file read (and, in the app, decrypted) once: its header is
// kept and its pixels go to the slot of the volume given by its place in the list; once every header is
// in, the geometry is checked and the slices are put in order along the normal in place, so the peak is
// the volume plus one file and one slice. A file whose size differs from the first stops the read at
// once. Uncompressed little-endian pixel data is read directly; any other transfer syntax goes through
// the injected decoder (the app's GDCM decoder by default).
import dicomParser from 'dicom-parser';
import { gdcmDecode, type DecodedFrames } from '../../dicom/decode/gdcmDecode.ts';
import { stackSlices, type SliceHeader } from './sliceStack.ts';
import type { Volume } from './volume.ts';

/** One stored instance: `read` gives its whole file (decrypted), as often as it is asked. */
export interface InstanceSource {
  read(): Promise<Uint8Array>;
}

export interface ReadSeriesOptions {
  decode?: (bytes: Uint8Array) => Promise<DecodedFrames>;
  signal?: AbortSignal;
}

export class SeriesVolumeError extends Error {}

type DataSet = dicomParser.DataSet;
const NATIVE_LE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

const numbers = (ds: DataSet, tag: string): number[] | null => {
  const text = ds.string(tag);
  if (!text) return null;
  const values = text.split('\\').map(Number);
  return values.every(Number.isFinite) ? values : null;
};

interface Rescale {
  slope: number;
  intercept: number;
}

function headerOf(ds: DataSet, index: number): SliceHeader & Rescale & { frames: number } {
  return {
    index,
    position: numbers(ds, 'x00200032'),
    orientation: numbers(ds, 'x00200037'),
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    pixelSpacing: numbers(ds, 'x00280030'),
    slope: numbers(ds, 'x00281053')?.[0] ?? 1,
    intercept: numbers(ds, 'x00281052')?.[0] ?? 0,
    frames: Number(ds.string('x00280008') ?? '1') || 1,
  };
}

/** The stored values of a single-frame slice (`ds`: its whole file parsed), uncompressed or decoded. */
async function storedValues(bytes: Uint8Array, ds: DataSet, decode: ReadSeriesOptions['decode']): Promise<ArrayLike<number>> {
  const syntax = ds.string('x00020010') ?? '1.2.840.10008.1.2';
  const pixel = ds.elements.x7fe00010;
  const bits = ds.uint16('x00280100') ?? 16;
  const signed = ds.uint16('x00280103') === 1;
  if (NATIVE_LE.has(syntax) && pixel && !pixel.encapsulatedPixelData && (bits === 16 || bits === 8)) {
    const start = bytes.byteOffset + pixel.dataOffset;
    const count = pixel.length / (bits / 8);
    // Copied out: the file's buffer may not be aligned for a 16-bit view.
    const raw = bytes.buffer.slice(start, start + pixel.length);
    if (bits === 8) return signed ? new Int8Array(raw, 0, count) : new Uint8Array(raw, 0, count);
    return signed ? new Int16Array(raw, 0, count) : new Uint16Array(raw, 0, count);
  }
  const frame = (await (decode ?? gdcmDecode)(bytes)).frames[0];
  if (!frame) throw new SeriesVolumeError('A slice of this series has no image.');
  return frame;
}

/** One slice's HU (rescale applied), row by row, and its pixel spacing [between rows, between columns] in mm (null when the file has none). */
export async function sliceHu(bytes: Uint8Array, decode?: ReadSeriesOptions['decode']): Promise<{ hu: Float32Array; rows: number; columns: number; pixelSpacing: readonly number[] | null }> {
  const header = headerOf(dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' }), 0);
  const stored = await storedValues(bytes, dicomParser.parseDicom(bytes), decode);
  const plane = header.rows * header.columns;
  if (stored.length < plane) throw new SeriesVolumeError(`A slice of this series holds ${stored.length} pixels where ${plane} were expected.`);
  const hu = new Float32Array(plane);
  for (let p = 0; p < plane; p++) hu[p] = (stored[p] as number) * header.slope + header.intercept;
  return { hu, rows: header.rows, columns: header.columns, pixelSpacing: header.pixelSpacing };
}

/** Whole-number rescales give Int16 voxels (HU outside -32768..32767 do not occur in CT and are clamped); others Float32. */
const integerRescale = (r: Rescale): boolean => Number.isInteger(r.slope) && Number.isInteger(r.intercept);

/** A volume read from sources, with which source (index into the list given) each slice came from. */
export type SeriesVolume = Volume & { sourceOrder: readonly number[] };

/** Reads `sources` (one slice each, any order) into a volume, or throws SeriesVolumeError with the reason. */
export async function readSeriesVolume(sources: readonly InstanceSource[], options: ReadSeriesOptions = {}): Promise<SeriesVolume> {
  const headers: Array<SliceHeader & Rescale & { frames: number }> = [];
  let voxels: Int16Array | Float32Array = new Int16Array(0);
  let plane = 0;
  for (const [index, source] of sources.entries()) {
    options.signal?.throwIfAborted();
    const bytes = await source.read();
    const ds = dicomParser.parseDicom(bytes);
    const header = headerOf(ds, index);
    if (header.frames > 1) throw new SeriesVolumeError('This series cannot be analysed as a volume: it holds multi-frame images (one slice per file is read).');
    headers.push(header);
    if (index === 0) {
      plane = header.rows * header.columns;
      voxels = integerRescale(header) ? new Int16Array(plane * sources.length) : new Float32Array(plane * sources.length);
    } else if (header.rows * header.columns !== plane) {
      throw new SeriesVolumeError('This series cannot be analysed as a volume: its images have different sizes.');
    }
    // Whole-number rescales give Int16 voxels; one that is not turns the volume to Float32 (rare: kept simple).
    if (voxels instanceof Int16Array && !integerRescale(header)) voxels = Float32Array.from(voxels);
    const stored = await storedValues(bytes, ds, options.decode);
    if (stored.length < plane) throw new SeriesVolumeError(`A slice of this series holds ${stored.length} pixels where ${plane} were expected.`);
    const { slope, intercept } = header;
    const offset = index * plane;
    if (voxels instanceof Int16Array) for (let p = 0; p < plane; p++) voxels[offset + p] = Math.max(-32768, Math.min(32767, (stored[p] as number) * slope + intercept));
    else for (let p = 0; p < plane; p++) voxels[offset + p] = (stored[p] as number) * slope + intercept;
  }
  const stack = stackSlices(headers);
  if (!stack.ok) throw new SeriesVolumeError(stack.reason);
  putInOrder(voxels, plane, stack.order);
  return { voxels, ...stack.grid, sourceOrder: stack.order };
}

/** Moves slot order[k] to slot k for every k, in place, one cycle of the permutation at a time with one slice aside. */
function putInOrder(voxels: Int16Array | Float32Array, plane: number, order: readonly number[]): void {
  const placed = new Uint8Array(order.length);
  const aside = voxels.slice(0, plane);
  for (let k = 0; k < order.length; k++) {
    if (placed[k] || order[k] === k) continue;
    aside.set(voxels.subarray(k * plane, (k + 1) * plane));
    let j = k;
    while (order[j] !== k) {
      const from = order[j] as number;
      voxels.copyWithin(j * plane, from * plane, (from + 1) * plane);
      placed[j] = 1;
      j = from;
    }
    voxels.set(aside, j * plane);
    placed[j] = 1;
  }
}
