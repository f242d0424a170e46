// A Cornerstone image from a frame the app decoded itself (GDCM, GET /frames/<case>/<sop>/<frame>), for
// files Cornerstone3D's own decoders get wrong: raw little-endian samples, geometry in the response's
// headers, everything else (spacing, rescale, window) from the metadata of wadouri's parse of the file,
// as Cornerstone's createImage builds it.
import { metaData, utilities, type Types } from '@cornerstonejs/core';

type Samples = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

function samplesOf(buffer: ArrayBuffer, bits: number, signed: boolean): Samples {
  if (bits === 8) return signed ? new Int8Array(buffer) : new Uint8Array(buffer);
  if (bits === 16) return signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  if (bits === 32) return signed ? new Int32Array(buffer) : new Uint32Array(buffer);
  throw new Error(`the decoded frame has ${bits}-bit samples`);
}

function minMax(data: Samples): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** A frame as the /frames/ route sends it. */
export interface DecodedFrame {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometric: string;
  pixels: Samples;
  /** When the request started (performance.now()). */
  started: number;
}

export async function fetchDecodedFrame(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<DecodedFrame> {
  const started = performance.now();
  const response = await fetch(url, { headers, cache: 'no-store', signal });
  if (!response.ok) throw new Error(`the app could not decode this image: ${response.status} ${await response.text()}`);
  const header = (name: string): number => Number(response.headers.get(`x-precis-${name}`));
  const rows = header('rows');
  const columns = header('columns');
  const samplesPerPixel = header('samples-per-pixel');
  const photometric = response.headers.get('x-precis-photometric') ?? '';
  const pixels = samplesOf(await response.arrayBuffer(), header('bits-allocated'), header('pixel-representation') === 1);
  if (pixels.length !== rows * columns * samplesPerPixel) throw new Error(`the decoded frame holds ${pixels.length} samples, not ${rows}x${columns}x${samplesPerPixel}`);
  return { rows, columns, samplesPerPixel, photometric, pixels, started };
}

/** `metadataId`: the id whose metadata describes the file (the wadouri: id of the same frame). */
export function imageOfDecodedFrame(imageId: string, frame: DecodedFrame, metadataId: string): Types.IImage {
  const { rows, columns, samplesPerPixel, photometric, pixels, started } = frame;
  const color = samplesPerPixel > 1;
  const plane = (metaData.get('imagePlaneModule', metadataId) ?? {}) as { rowPixelSpacing?: number; columnPixelSpacing?: number };
  const voi = (metaData.get('voiLutModule', metadataId) ?? {}) as { windowCenter?: number[]; windowWidth?: number[]; voiLUTFunction?: string };
  const modality = (metaData.get('modalityLutModule', metadataId) ?? {}) as { rescaleSlope?: number; rescaleIntercept?: number };
  const { min, max } = minMax(pixels);
  const fallback = utilities.windowLevel.toWindowLevel(min, max);
  const image = {
    imageId,
    dataType: pixels.constructor.name,
    color,
    rgba: false,
    numberOfComponents: samplesPerPixel,
    photometricInterpretation: photometric,
    rows,
    columns,
    height: rows,
    width: columns,
    rowPixelSpacing: plane.rowPixelSpacing,
    columnPixelSpacing: plane.columnPixelSpacing,
    // Stored values: the viewer applies the rescale (not pre-scaled).
    slope: modality.rescaleSlope ?? 1,
    intercept: modality.rescaleIntercept ?? 0,
    invert: photometric === 'MONOCHROME1',
    minPixelValue: min,
    maxPixelValue: max,
    windowCenter: color ? 128 : (voi.windowCenter?.[0] ?? fallback.windowCenter),
    windowWidth: color ? 256 : (voi.windowWidth?.[0] ?? fallback.windowWidth),
    voiLUTFunction: voi.voiLUTFunction,
    sizeInBytes: pixels.byteLength,
    getPixelData: () => pixels,
    voxelManager: utilities.VoxelManager.createImageVoxelManager({ scalarData: pixels, width: columns, height: rows, numberOfComponents: samplesPerPixel }),
    decodeTimeInMS: performance.now() - started,
  };
  return image as unknown as Types.IImage;
}
