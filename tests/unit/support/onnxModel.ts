// Tiny ONNX models written byte by byte (protobuf), so the model tests need no Python: Y = X + B over
// float32[3], B an initializer kept in the file or in an external-data file. Field numbers from onnx.proto
// (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto, TypeProto).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const int = (field: number, value: number): number[] => [...key(field, 0), ...varint(value)];
const bytes = (field: number, payload: Uint8Array | number[]): number[] => [...key(field, 2), ...varint(payload.length), ...payload];
const str = (field: number, text: string): number[] => bytes(field, [...Buffer.from(text, 'utf8')]);

/** ValueInfoProto of a float32 tensor of shape [3]. */
const valueInfo = (name: string): number[] => [...str(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, bytes(1, int(1, 3)))]))];

export const BIAS = [10, 20, 30];

/** Where the initializer B keeps its data: in the file, or in an external file at `location` (as written, unchecked). */
export type BiasData = { kind: 'inline' } | { kind: 'external'; location: string } | { kind: 'external-no-location' };

export function addModel(data: BiasData = { kind: 'inline' }): Buffer {
  const raw = Buffer.alloc(12);
  BIAS.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  const tensorHead = [...int(1, 3), ...int(2, 1), ...str(8, 'B')];
  const tensor = data.kind === 'inline'
    ? [...tensorHead, ...bytes(9, [...raw])]
    : [...tensorHead,
      ...(data.kind === 'external' ? bytes(13, [...str(1, 'location'), ...str(2, data.location)]) : []),
      ...bytes(13, [...str(1, 'offset'), ...str(2, '0')]),
      ...bytes(13, [...str(1, 'length'), ...str(2, '12')]),
      ...int(14, 1)];
  const node = [...str(1, 'X'), ...str(1, 'B'), ...str(2, 'Y'), ...str(3, 'add'), ...str(4, 'Add')];
  const graph = [...bytes(1, node), ...str(2, 'tiny-add'), ...bytes(5, tensor), ...bytes(11, valueInfo('X')), ...bytes(12, valueInfo('Y'))];
  const model = [...int(1, 8), ...str(2, 'precis-tests'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 17)])];
  return Buffer.from(model);
}

/** The bias as an external-data file's bytes (float32 little-endian). */
export function biasBytes(): Buffer {
  const raw = Buffer.alloc(12);
  BIAS.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return raw;
}

/** A manifest that passes the schema, for a model file with sha256 `sha256`. */
export function validManifest(sha256: string, id = 'tiny-add', version = '1.0.0'): Record<string, unknown> {
  return {
    id,
    version,
    name: 'Tiny Add (test model)',
    sha256,
    task: 'segmentation-3d',
    inputs: [{ name: 'X', shape: [3], dtype: 'float32' }],
    outputs: [{ name: 'Y', shape: [3], dtype: 'float32' }],
    preprocessing: { orientation: 'LPS', targetSpacingMm: [1, 1, 1.5], intensityWindow: { lower: -1000, upper: 400 }, normalisation: 'minmax' },
    slidingWindow: { patchSize: [96, 96, 96], overlap: 0.5, blending: 'gaussian' },
    labels: [{ value: 0, name: 'background', color: [0, 0, 0] }, { value: 1, name: 'lung', color: [220, 120, 60] }],
    postprocessing: { decision: { type: 'argmax' }, largestConnectedComponent: [1], fillHoles: true },
    intendedUse: { modality: ['CT'], bodyPart: ['CHEST'], sliceThicknessMm: { min: 0.5, max: 2.5 }, contrast: 'any' },
    biomarkers: [{ name: 'Lung volume', unit: 'mL', description: 'Volume of the lung label' }],
  };
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Writes a model folder (manifest.json, model.onnx, MODEL_CARD.md, and `extra` files) under `dir`. */
export function writeModelFolder(dir: string, options: { model?: Buffer; manifest?: Record<string, unknown>; extra?: Record<string, Uint8Array> } = {}): string {
  mkdirSync(dir, { recursive: true });
  const model = options.model ?? addModel();
  writeFileSync(join(dir, 'model.onnx'), model);
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(options.manifest ?? validManifest(sha256(model)), null, 2)}\n`);
  writeFileSync(join(dir, 'MODEL_CARD.md'), '# Tiny Add\n\nA test model: Y = X + [10, 20, 30]. Not for clinical use.\n');
  for (const [name, data] of Object.entries(options.extra ?? {})) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}
