// Independent reference pixels for the conformance test: DCMTK (dcmconv, dcmdjpeg, dcmdjpls, dcmdrle)
// and GDCM (gdcmconv --raw for JPEG 2000) decode each file to uncompressed little endian; we only
// unpack the resulting bytes (sign, bits stored, planar configuration, 1-bit packing).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';

export interface ReferenceImage {
  tool: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Stored pixel values of frame 1 (sign-extended to BitsStored), interleaved for colour. */
  values: number[];
  slope: number;
  intercept: number;
}

const J2K = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']);
const JPEG = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55', '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);
const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
const RLE = '1.2.840.10008.1.2.5';

/** `jpegOption`: dcmdjpeg's colour conversion where the default is not the visually right answer (e.g. `+cl`). */
function decodeCommand(transferSyntax: string, input: string, output: string, jpegOption?: string): [string, string[]] {
  if (J2K.has(transferSyntax)) return ['gdcmconv', ['--raw', input, output]];
  if (JPEG.has(transferSyntax)) return ['dcmdjpeg', [...(jpegOption ? [jpegOption] : []), input, output]];
  if (JPEG_LS.has(transferSyntax)) return ['dcmdjpls', [input, output]];
  if (transferSyntax === RLE) return ['dcmdrle', [input, output]];
  return ['dcmconv', ['+te', input, output]];
}

function readValues(ds: dicomParser.DataSet, bytes: Uint8Array): number[] {
  const el = ds.elements.x7fe00010;
  if (!el) throw new Error('no pixel data in the reference output');
  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  const spp = ds.uint16('x00280002') ?? 1;
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const signed = (ds.uint16('x00280103') ?? 0) === 1;
  const planar = (ds.uint16('x00280006') ?? 0) === 1;
  const count = rows * columns * spp;
  const view = new DataView(bytes.buffer, bytes.byteOffset + el.dataOffset, el.length);
  const raw: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (bitsAllocated === 1) raw[i] = ((bytes[el.dataOffset + (i >> 3)] ?? 0) >> (i & 7)) & 1;
    else if (bitsAllocated === 8) raw[i] = view.getUint8(i);
    else if (bitsAllocated === 16) raw[i] = view.getUint16(i * 2, true);
    else raw[i] = view.getUint32(i * 4, true);
  }
  const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
  const values = raw.map((v) => {
    if (bitsAllocated === 1) return v;
    const stored = bitsStored >= 32 ? v : v & mask;
    return signed && stored >= 2 ** (bitsStored - 1) ? stored - 2 ** bitsStored : stored;
  });
  if (!planar || spp === 1) return values;
  const plane = rows * columns;
  return Array.from({ length: count }, (_, i) => values[(i % spp) * plane + Math.floor(i / spp)] ?? 0);
}

/** PALETTE COLOR and YBR_FULL_422: DCMTK renders them to 8-bit RGB (a binary PPM), as a viewer shows them. */
function referencePalette(path: string, dir: string): ReferenceImage {
  const output = join(dir, 'out.ppm');
  execFileSync('dcm2pnm', ['--write-raw-pnm', '--frame', '1', path, output], { stdio: ['ignore', 'ignore', 'pipe'] });
  const bytes = readFileSync(output);
  // P6\n<width> <height>\n<max>\n<rgb bytes>
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('dcm2pnm wrote no binary PPM');
  const [, width = '0', height = '0'] = header;
  return { tool: 'dcm2pnm', rows: Number(height), columns: Number(width), samplesPerPixel: 3, values: [...bytes.subarray(header[0].length)], slope: 1, intercept: 0 };
}

export function referenceDecode(path: string, transferSyntax: string, photometric = '', jpegOption?: string): ReferenceImage {
  if (photometric === 'PALETTE COLOR' || photometric.startsWith('YBR_FULL_422') && !JPEG.has(transferSyntax)) {
    const dir = mkdtempSync(join(tmpdir(), 'precis-ref-'));
    try {
      return referencePalette(path, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'precis-ref-'));
  try {
    const output = join(dir, 'out.dcm');
    const [tool, args] = decodeCommand(transferSyntax, path, output, jpegOption);
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const bytes = new Uint8Array(readFileSync(output));
    const ds = dicomParser.parseDicom(bytes);
    const number = (tag: string, fallback: number): number => {
      const text = ds.string(tag);
      return text === undefined || text === '' ? fallback : Number.parseFloat(text);
    };
    return {
      tool: jpegOption ? `${tool} ${jpegOption}` : tool,
      rows: ds.uint16('x00280010') ?? 0,
      columns: ds.uint16('x00280011') ?? 0,
      samplesPerPixel: ds.uint16('x00280002') ?? 1,
      values: readValues(ds, bytes),
      slope: number('x00281053', 1),
      intercept: number('x00281052', 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
