// Where an ONNX file's tensors keep their data outside the file (external data), read straight from
// its protobuf bytes: ModelProto.graph (7) -> GraphProto.initializer (5) / sparse_initializer (15) ->
// TensorProto.data_location (14, EXTERNAL = 1) and external_data (13, StringStringEntryProto
// key 1 / value 2, the key 'location' naming the file). Subgraphs in node attributes (If, Loop, Scan:
// NodeProto.attribute (5) -> AttributeProto t (5), g (6), tensors (10), graphs (11), sparse_tensor
// (22), sparse_tensors (23)) are walked too. onnxruntime resolves a location against the model's
// folder, so '../x' or '/etc/x' would read a file the manifest's hash does not cover.
import { isAbsolute, normalize, sep } from 'node:path';
import { AppError } from '../../errors.ts';

/** Protobuf wire types: varint, 64-bit, length-delimited, 32-bit (groups, 3 and 4, are not used by ONNX). */
interface Field { number: number; wire: number; varint: bigint; bytes: Uint8Array }

const MAX_DEPTH = 32;

function unreadable(why: string): AppError {
  return new AppError('model-unreadable', `model.onnx is not a readable ONNX file: ${why}.`);
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= buf.length) throw unreadable('a number runs past the end');
      const byte = buf[pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw unreadable('a number is too long');
  };
  while (pos < buf.length) {
    const key = varint();
    const wire = Number(key & 7n);
    const number = Number(key >> 3n);
    if (wire === 0) yield { number, wire, varint: varint(), bytes: new Uint8Array() };
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > buf.length) throw unreadable('a field runs past the end');
      pos += size;
    } else if (wire === 2) {
      const length = Number(varint());
      if (pos + length > buf.length) throw unreadable('a field runs past the end');
      yield { number, wire, varint: 0n, bytes: buf.subarray(pos, pos + length) };
      pos += length;
    } else throw unreadable(`unexpected protobuf wire type ${wire}`);
  }
}

const messages = (buf: Uint8Array, number: number): Uint8Array[] => [...fields(buf)].filter((f) => f.number === number && f.wire === 2).map((f) => f.bytes);
const utf8 = new TextDecoder();

/** One tensor's external data: its 'location', or '' when EXTERNAL is set without one. */
interface ExternalRef { tensor: string; location: string }

function tensorRef(tensor: Uint8Array): ExternalRef | null {
  let name = '';
  let external = false;
  let location: string | null = null;
  for (const f of fields(tensor)) {
    if (f.number === 8 && f.wire === 2) name = utf8.decode(f.bytes);
    if (f.number === 14 && f.wire === 0) external = f.varint === 1n;
    if (f.number === 13 && f.wire === 2) {
      const entry = [...fields(f.bytes)];
      const key = entry.find((e) => e.number === 1 && e.wire === 2);
      const value = entry.find((e) => e.number === 2 && e.wire === 2);
      if (key && utf8.decode(key.bytes) === 'location') location = value ? utf8.decode(value.bytes) : '';
    }
  }
  return external || location !== null ? { tensor: name, location: location ?? '' } : null;
}

function sparseRefs(sparse: Uint8Array): ExternalRef[] {
  return [...messages(sparse, 1), ...messages(sparse, 2)].flatMap((t) => tensorRef(t) ?? []);
}

function graphRefs(graph: Uint8Array, depth: number): ExternalRef[] {
  if (depth > MAX_DEPTH) throw unreadable('subgraphs nest too deep');
  const refs = [...messages(graph, 5).flatMap((t) => tensorRef(t) ?? []), ...messages(graph, 15).flatMap(sparseRefs)];
  for (const node of messages(graph, 1)) {
    for (const attr of messages(node, 5)) {
      refs.push(...[...messages(attr, 5), ...messages(attr, 10)].flatMap((t) => tensorRef(t) ?? []));
      refs.push(...[...messages(attr, 22), ...messages(attr, 23)].flatMap(sparseRefs));
      for (const sub of [...messages(attr, 6), ...messages(attr, 11)]) refs.push(...graphRefs(sub, depth + 1));
    }
  }
  return refs;
}

/** Every external-data reference of an ONNX model (ModelProto bytes), in file order. */
export function externalDataRefs(model: Uint8Array): ExternalRef[] {
  const graphs = messages(model, 7);
  if (graphs.length === 0) throw unreadable('it has no graph');
  return graphs.flatMap((g) => graphRefs(g, 0));
}

/** The distinct files (relative to the model's folder, '/'-separated) its external data reads; refuses
 *  a location that is absolute, climbs out with '..', or is missing. */
export function externalDataFiles(model: Uint8Array): string[] {
  const files = new Set<string>();
  for (const ref of externalDataRefs(model)) {
    const where = `tensor "${ref.tensor}" keeps its data in`;
    if (ref.location === '') throw new AppError('model-external-data', `model.onnx: ${where} an external file without a location; refused.`);
    const clean = normalize(ref.location.replaceAll('\\', '/'));
    if (isAbsolute(ref.location) || /^[A-Za-z]:/.test(ref.location) || ref.location.includes('\0') || clean === '..' || clean.startsWith(`..${sep}`) || clean.split(sep).includes('..')) {
      throw new AppError('model-external-data', `model.onnx: ${where} "${ref.location}", outside the model's folder; refused.`);
    }
    files.add(clean.split(sep).join('/'));
  }
  return [...files].sort();
}
