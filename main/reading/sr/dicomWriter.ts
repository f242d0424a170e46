// Encodes a data set as a DICOM Part 10 file in Explicit VR Little Endian: the 128-byte preamble,
// "DICM", the File Meta Information (group 0002, with its group length) and the data set, elements
// in ascending tag order, sequences and items with defined lengths. Text is UTF-8 (the data set says
// ISO_IR 192); values are padded to even length as PS3.5 6.2 asks (UI and OB with NUL, text with space).
import { T, str, bytes, type Dataset, type Element, type Vr } from './dicomElements.ts';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Precis' implementation class UID (a 2.25 UUID-derived root, fixed for this writer). */
export const IMPLEMENTATION_CLASS_UID = '2.25.46693871035512433470769036802880312016';
export const IMPLEMENTATION_VERSION = 'PRECIS_SR_1';

/** VRs with a 4-byte length after two reserved bytes (PS3.5 Table 7.1-1). */
const LONG_LENGTH = new Set<Vr>(['OB', 'SQ', 'UC', 'UT']);
/** VRs whose characters are the data set's character set (UTF-8 here); the others are ASCII. */
const TEXT_VRS = new Set<Vr>(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

function stringBytes(element: Extract<Element, { values: string[] }>): Buffer {
  const joined = element.values.join('\\');
  if (!TEXT_VRS.has(element.vr) && /[^\x20-\x7e]/.test(joined)) {
    throw new RangeError(`${element.vr} value "${joined.slice(0, 80)}" must be printable ASCII`);
  }
  const raw = Buffer.from(joined, TEXT_VRS.has(element.vr) ? 'utf8' : 'latin1');
  if (raw.length % 2 === 0) return raw;
  return Buffer.concat([raw, Buffer.from(element.vr === 'UI' ? [0] : [0x20])]);
}

function numberBytes(vr: 'FL' | 'FD' | 'US' | 'UL', values: number[]): Buffer {
  const size = vr === 'FD' ? 8 : vr === 'US' ? 2 : 4;
  const out = Buffer.alloc(values.length * size);
  values.forEach((v, k) => {
    if (vr === 'FL') out.writeFloatLE(v, k * size);
    else if (vr === 'FD') out.writeDoubleLE(v, k * size);
    else if (vr === 'US') out.writeUInt16LE(v, k * size);
    else out.writeUInt32LE(v, k * size);
  });
  return out;
}

/** AT: each tag as its group then its element, both 16-bit little endian (PS3.5 6.2). */
function tagBytes(values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, k) => {
    out.writeUInt16LE(v >>> 16, k * 4);
    out.writeUInt16LE(v & 0xffff, k * 4 + 2);
  });
  return out;
}

function itemBytes(item: Dataset): Buffer {
  const body = encodeDataset(item);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(0xfffe, 0);
  head.writeUInt16LE(0xe000, 2);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function valueBytes(element: Element): Buffer {
  if ('items' in element) return Buffer.concat(element.items.map(itemBytes));
  if ('bytes' in element) return element.bytes.length % 2 === 0 ? Buffer.from(element.bytes) : Buffer.concat([element.bytes, Buffer.from([0])]);
  if (element.vr === 'AT') return tagBytes(element.values);
  if (element.vr === 'FL' || element.vr === 'FD' || element.vr === 'US' || element.vr === 'UL') return numberBytes(element.vr, element.values as number[]);
  return stringBytes(element as Extract<Element, { values: string[] }>);
}

function elementBytes(element: Element): Buffer {
  const value = valueBytes(element);
  const long = LONG_LENGTH.has(element.vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(element.tag >>> 16, 0);
  head.writeUInt16LE(element.tag & 0xffff, 2);
  head.write(element.vr, 4, 'latin1');
  if (long) head.writeUInt32LE(value.length, 8);
  else if (value.length > 0xffff) throw new RangeError(`${element.vr} value of ${value.length} bytes does not fit a 16-bit length`);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** A data set's elements in ascending tag order; a tag set twice is a programming error. */
export function encodeDataset(dataset: Dataset): Buffer {
  const sorted = [...dataset].sort((a, b) => a.tag - b.tag);
  sorted.forEach((e, k) => {
    if (k > 0 && sorted[k - 1]?.tag === e.tag) throw new Error(`tag ${e.tag.toString(16)} is set twice`);
  });
  return Buffer.concat(sorted.map(elementBytes));
}

/** The whole Part 10 file of a data set whose SOP Class and Instance UIDs are given. */
export function encodePart10(dataset: Dataset, sopClassUID: string, sopInstanceUID: string): Buffer {
  const meta = encodeDataset([
    bytes(T.FileMetaInformationVersion, Uint8Array.from([0, 1])),
    str(T.MediaStorageSOPClassUID, 'UI', sopClassUID),
    str(T.MediaStorageSOPInstanceUID, 'UI', sopInstanceUID),
    str(T.TransferSyntaxUID, 'UI', EXPLICIT_VR_LITTLE_ENDIAN),
    str(T.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID),
    str(T.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION),
  ]);
  const groupLength = Buffer.alloc(12);
  groupLength.writeUInt16LE(0x0002, 0);
  groupLength.writeUInt16LE(0x0000, 2);
  groupLength.write('UL', 4, 'latin1');
  groupLength.writeUInt16LE(4, 6);
  groupLength.writeUInt32LE(meta.length, 8);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), groupLength, meta, encodeDataset(dataset)]);
}
