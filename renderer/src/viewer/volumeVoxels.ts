// Whether the voxel type Cornerstone3D picked for a volume holds every value the series can have after
// its rescale (HU for CT). Cornerstone3D picks the type from three slices (volumeLoad.ts): Int16 for
// integer rescales with a negative intercept (2 bytes a voxel: the LIDC chest CT is 275 x 512 x 512 x 2
// = 144 MB, half of Float32), Float32 for fractional ones. A type too small would wrap values around
// silently (a 16-bit unsigned CT with intercept -1024 has values up to 64511 HU that Int16 cannot hold),
// so such a volume is refused rather than shown wrong.

export interface PixelFormat {
  /** BitsStored (0028,0101). */
  bitsStored: number;
  /** PixelRepresentation (0028,0103) is 1: two's complement. */
  signed: boolean;
  /** RescaleSlope and RescaleIntercept (0028,1053 / 1052); 1 and 0 when absent. */
  slope: number;
  intercept: number;
}

const RANGES: Record<string, readonly [number, number]> = {
  Uint8Array: [0, 255],
  Int8Array: [-128, 127],
  Uint16Array: [0, 65535],
  Int16Array: [-32768, 32767],
  Uint32Array: [0, 4294967295],
  Int32Array: [-2147483648, 2147483647],
};
const FLOAT_TYPES = new Set(['Float32Array', 'Float64Array']);

/** The values stored pixels can take after the rescale: [lowest, highest]. */
export function rescaledRange(format: PixelFormat): [number, number] {
  const { bitsStored, signed, slope, intercept } = format;
  const low = signed ? -(2 ** (bitsStored - 1)) : 0;
  const high = signed ? 2 ** (bitsStored - 1) - 1 : 2 ** bitsStored - 1;
  const ends = [low * slope + intercept, high * slope + intercept];
  return [Math.min(...ends), Math.max(...ends)];
}

/** Why `dataType` cannot hold the series' values exactly, as part of a sentence; null when it can. */
export function voxelTypeProblem(dataType: string, format: PixelFormat): string | null {
  if (FLOAT_TYPES.has(dataType)) return null;
  const range = RANGES[dataType];
  if (!range) return `its voxels would be stored as ${dataType}, which the viewer does not read`;
  if (!Number.isInteger(format.slope) || !Number.isInteger(format.intercept)) {
    return `its rescale (slope ${format.slope}, intercept ${format.intercept}) gives fractions that ${dataType} voxels would round`;
  }
  const [low, high] = rescaledRange(format);
  if (low < range[0] || high > range[1]) {
    return `its values (${low} to ${high}) do not fit the ${dataType.replace('Array', '')} voxels it would be stored in`;
  }
  return null;
}
