// Decodes a DICOM file's frames with GDCM (@itk-wasm/dicom's read-image-dicom-file-series pipeline),
// from memory: the file goes into the WebAssembly module's own in-memory file system, never to disk.
// ITK hands back modality values (rescale slope/intercept applied), colour as RGB and 1-bit data as
// 0/255; this turns them back into the stored values the viewer expects (it applies the rescale itself):
// little endian, one typed array per frame, in the header's bit depth and signedness.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import dicomParser from 'dicom-parser';

export interface DecodedFrames {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Bits per sample of `frames` (8, 16 or 32). */
  bitsAllocated: number;
  signed: boolean;
  /** After decoding: colour is always RGB, interleaved. */
  photometric: string;
  frames: Array<Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array>;
}

// itk-wasm is @itk-wasm/dicom's own dependency: load the copy it resolves, with the few types used here.
interface ItkImage {
  imageType: { components: number };
  size: number[];
  data: ArrayLike<number> | null;
}
interface ItkPipelineResult {
  returnValue: number;
  stderr: string;
  outputs: Array<{ data: unknown }>;
}
type RunPipelineEmscripten = (
  module: unknown,
  args: string[],
  outputs: Array<{ type: string }>,
  inputs: Array<{ type: string; data: { path: string; data: Uint8Array } }>,
) => ItkPipelineResult | Promise<ItkPipelineResult>;

const dicomEntry = createRequire(import.meta.url).resolve('@itk-wasm/dicom');
const pipeline = join(dirname(dicomEntry), 'pipelines', 'read-image-dicom-file-series');
const itkDist = dirname(createRequire(dicomEntry).resolve('itk-wasm'));
const itkModule = (path: string): Promise<Record<string, unknown>> => import(pathToFileURL(join(itkDist, path)).href) as Promise<Record<string, unknown>>;

interface Decoder {
  InterfaceTypes: { Image: string; JsonCompatible: string; BinaryFile: string };
  module: unknown;
  run: RunPipelineEmscripten;
}

// The pipeline's WebAssembly module is loaded once per process and reused for every file, as itk-wasm
// itself caches modules in the browser: loading it (zstd + instantiate) costs 85-230 ms, a decode of a
// 512 x 512 slice 17-29 ms. itk-wasm's Node entry (runPipelineNode) would load it again for every call.
let decoder: Promise<Decoder> | null = null;
const loadDecoder = (): Promise<Decoder> =>
  (decoder ??= (async () => {
    const [entry, loader, runner] = await Promise.all([
      itkModule('index-node.js'),
      itkModule('pipeline/internal/load-emscripten-module-node.js'),
      itkModule('pipeline/internal/run-pipeline-emscripten.js'),
    ]);
    const load = loader.default as (path: string) => Promise<unknown>;
    return { InterfaceTypes: entry.InterfaceTypes as Decoder['InterfaceTypes'], module: await load(pipeline), run: runner.default as RunPipelineEmscripten };
  })());

/** Loads the decoder ahead of the first image (a child started while the viewer opens). */
export async function warmDecoder(): Promise<void> {
  await loadDecoder();
}

function typedFor(bits: number, signed: boolean, length: number): DecodedFrames['frames'][number] {
  if (bits <= 8) return signed ? new Int8Array(length) : new Uint8Array(length);
  if (bits <= 16) return signed ? new Int16Array(length) : new Uint16Array(length);
  return signed ? new Int32Array(length) : new Uint32Array(length);
}

type DataSet = ReturnType<typeof dicomParser.parseDicom>;

function numberIn(ds: DataSet | undefined, tag: string): number | null {
  const text = ds?.string(tag);
  return text === undefined || text === '' ? null : Number.parseFloat(text);
}

/** The rescale GDCM applies: the top level's, else an enhanced image's (shared, then first frame's) functional groups. */
function rescaleOf(ds: DataSet): { slope: number; intercept: number } {
  const groups = [ds.elements.x52009229, ds.elements.x52009230].map((sq) => sq?.items?.[0]?.dataSet?.elements.x00289145?.items?.[0]?.dataSet);
  for (const candidate of [ds, ...groups]) {
    const slope = numberIn(candidate, 'x00281053');
    const intercept = numberIn(candidate, 'x00281052');
    if (slope !== null || intercept !== null) return { slope: slope ?? 1, intercept: intercept ?? 0 };
  }
  return { slope: 1, intercept: 0 };
}

export async function gdcmDecode(bytes: Uint8Array): Promise<DecodedFrames> {
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const signed = (ds.uint16('x00280103') ?? 0) === 1;
  const photometric = (ds.string('x00280004') ?? '').trim();
  const { slope, intercept } = rescaleOf(ds);
  const { InterfaceTypes, module, run } = await loadDecoder();
  const { returnValue, stderr, outputs } = await run(
    module,
    ['0', '1', '--memory-io', '--input-images', 'instance.dcm', '--single-sorted-series'],
    [{ type: InterfaceTypes.Image }, { type: InterfaceTypes.JsonCompatible }],
    [{ type: InterfaceTypes.BinaryFile, data: { path: 'instance.dcm', data: bytes } }],
  );
  const image = outputs[0]?.data as ItkImage | undefined;
  if (returnValue !== 0 || !image?.data) throw new Error(`GDCM could not decode the image${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
  const [sizeX = 0, sizeY = 0, sizeZ = 1] = image.size;
  if (sizeX !== columns || sizeY !== rows) throw new Error(`GDCM decoded ${sizeX}x${sizeY}, the header says ${columns}x${rows}`);
  const samplesPerPixel = image.imageType.components;
  const colour = samplesPerPixel > 1;
  const outBits = bitsAllocated === 1 ? 8 : bitsAllocated;
  const perFrame = rows * columns * samplesPerPixel;
  const source = image.data;
  const frames: DecodedFrames['frames'] = [];
  for (let f = 0; f < sizeZ; f++) {
    const out = typedFor(outBits, signed && !colour, perFrame);
    for (let i = 0; i < perFrame; i++) {
      const value = Number(source[f * perFrame + i]);
      if (bitsAllocated === 1) out[i] = value === 0 ? 0 : 1;
      else if (colour) out[i] = value;
      // Undo the modality rescale ITK applied: the stored value is an integer.
      else out[i] = Math.round((value - intercept) / slope);
    }
    frames.push(out);
  }
  return { rows, columns, samplesPerPixel, bitsAllocated: outBits, signed: signed && !colour, photometric: colour ? 'RGB' : photometric, frames };
}
