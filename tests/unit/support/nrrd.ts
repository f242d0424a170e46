// A small NRRD reader for the test oracle (teem's format, http://teem.sourceforge.net/nrrd/format.html):
// the header's sizes, space, space directions and origin, and the data, raw or gzip (node:zlib), as
// numbers. Geometry is returned in DICOM patient coordinates (LPS): a 'right-anterior-superior' space
// has its x and y negated. Only 3D scalar volumes; anything else is an error naming the field.
import { gunzipSync } from 'node:zlib';

export type Vec3 = [number, number, number];

export interface Nrrd {
  sizes: Vec3;
  /** LPS mm: the position of voxel (0,0,0). */
  origin: Vec3;
  /** LPS mm: the step of each index axis (space directions, one vector per axis). */
  axes: [Vec3, Vec3, Vec3];
  /** Values, x fastest: index i + sizes[0] * (j + sizes[1] * k). */
  values: Int32Array | Float64Array;
}

const TYPES: Record<string, { bytes: number; read: (b: Buffer, o: number) => number }> = {
  uchar: { bytes: 1, read: (b, o) => b.readUInt8(o) },
  'unsigned char': { bytes: 1, read: (b, o) => b.readUInt8(o) },
  char: { bytes: 1, read: (b, o) => b.readInt8(o) },
  short: { bytes: 2, read: (b, o) => b.readInt16LE(o) },
  'signed short': { bytes: 2, read: (b, o) => b.readInt16LE(o) },
  ushort: { bytes: 2, read: (b, o) => b.readUInt16LE(o) },
  'unsigned short': { bytes: 2, read: (b, o) => b.readUInt16LE(o) },
  int: { bytes: 4, read: (b, o) => b.readInt32LE(o) },
  uint: { bytes: 4, read: (b, o) => b.readUInt32LE(o) },
  float: { bytes: 4, read: (b, o) => b.readFloatLE(o) },
  double: { bytes: 8, read: (b, o) => b.readDoubleLE(o) },
};

const vector = (text: string): Vec3 => {
  const v = text.replace(/[()]/g, '').split(',').map(Number);
  if (v.length !== 3 || v.some((x) => !Number.isFinite(x))) throw new Error(`NRRD vector "${text}" is not three numbers`);
  return v as Vec3;
};

export function readNrrd(file: Buffer): Nrrd {
  const end = file.indexOf('\n\n');
  if (!file.subarray(0, 4).equals(Buffer.from('NRRD')) || end < 0) throw new Error('not a NRRD file (no magic or no blank line after the header)');
  const fields = new Map<string, string>();
  for (const line of file.subarray(0, end).toString('latin1').split('\n').slice(1)) {
    if (line.startsWith('#')) continue;
    const colon = line.indexOf(': ');
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 2).trim());
  }
  const field = (name: string): string => {
    const v = fields.get(name);
    if (v === undefined) throw new Error(`NRRD header has no "${name}" field`);
    return v;
  };
  if (field('dimension') !== '3') throw new Error(`NRRD dimension ${field('dimension')}: only 3D volumes`);
  const type = TYPES[field('type')];
  if (!type) throw new Error(`NRRD type "${field('type')}" is not handled`);
  if (type.bytes > 1 && (fields.get('endian') ?? 'little') !== 'little') throw new Error('NRRD endian: only little');
  const sizes = field('sizes').split(/\s+/).map(Number) as Vec3;
  const space = field('space');
  const flip = space === 'right-anterior-superior' || space === 'RAS' ? [-1, -1, 1] : space === 'left-posterior-superior' || space === 'LPS' ? [1, 1, 1] : null;
  if (!flip) throw new Error(`NRRD space "${space}" is not LPS or RAS`);
  const toLps = (v: Vec3): Vec3 => [v[0] * (flip[0] ?? 1), v[1] * (flip[1] ?? 1), v[2] * (flip[2] ?? 1)];
  const axes = (field('space directions').match(/\([^)]*\)/g) ?? []).map((t) => toLps(vector(t)));
  if (axes.length !== 3) throw new Error('NRRD space directions: three vectors expected');
  const encoding = field('encoding');
  const raw = file.subarray(end + 2);
  const data = encoding === 'gzip' || encoding === 'gz' ? gunzipSync(raw) : encoding === 'raw' ? raw : null;
  if (!data) throw new Error(`NRRD encoding "${encoding}" is not handled`);
  const count = sizes[0] * sizes[1] * sizes[2];
  if (data.length < count * type.bytes) throw new Error(`NRRD data holds ${data.length} bytes, ${count * type.bytes} expected`);
  const values = type === TYPES.float || type === TYPES.double ? new Float64Array(count) : new Int32Array(count);
  for (let n = 0; n < count; n++) values[n] = type.read(data, n * type.bytes);
  return { sizes, origin: toLps(vector(field('space origin'))), axes: axes as [Vec3, Vec3, Vec3], values };
}

/** The NRRD voxel index nearest a patient point (LPS mm), and how far (in voxels) the point is from it. */
export function nrrdIndexOf(nrrd: Nrrd, p: readonly number[]): { index: Vec3; offGrid: number } {
  const [a, b, c] = nrrd.axes;
  const d = [(p[0] ?? 0) - nrrd.origin[0], (p[1] ?? 0) - nrrd.origin[1], (p[2] ?? 0) - nrrd.origin[2]];
  // Solve d = i a + j b + k c by Cramer's rule (the axes need not be orthogonal).
  const det = (u: Vec3, v: Vec3, w: Vec3): number => u[0] * (v[1] * w[2] - v[2] * w[1]) - u[1] * (v[0] * w[2] - v[2] * w[0]) + u[2] * (v[0] * w[1] - v[1] * w[0]);
  const dv = d as Vec3;
  const D = det(a, b, c);
  const ijk: Vec3 = [det(dv, b, c) / D, det(a, dv, c) / D, det(a, b, dv) / D];
  const index = ijk.map(Math.round) as Vec3;
  return { index, offGrid: Math.max(...ijk.map((x, k) => Math.abs(x - (index[k] ?? 0)))) };
}
