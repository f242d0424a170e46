// A minimal DICOM Part 10 writer: Explicit VR Little Endian only, no sequences. Enough to write
// the synthetic demo series with our own code; reading stays with dicom-parser (headers.ts).
import { createHash } from 'node:crypto';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export type TextVR = 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UI' | 'UT';
export type NumberVR = 'US' | 'SS' | 'UL';
export type BinaryVR = 'OB' | 'OW';

/** One data element. `tag` is (group << 16) | element, e.g. 0x00100020 for PatientID. */
export type DicomElement =
  | { tag: number; vr: TextVR; value: string }
  | { tag: number; vr: NumberVR; value: number | readonly number[] }
  | { tag: number; vr: BinaryVR; value: Uint8Array };

export interface FileMeta {
  MediaStorageSOPClassUID: string;
  MediaStorageSOPInstanceUID: string;
}

/** VRs whose header has 2 reserved bytes and a 4-byte length (PS3.5 section 7.1.2). */
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);
const MAX_UID_LENGTH = 64;

/**
 * A UID under the `2.25.` root (PS3.5 B.2): the first 128 bits of SHA-256(seed) as a decimal
 * integer. Same seed, same UID, so the demo case is byte-identical on every run.
 */
export function uidFromSeed(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(10)}`;
}

const IMPLEMENTATION_CLASS_UID = uidFromSeed('precis/dicom-writer/implementation-class');
const IMPLEMENTATION_VERSION_NAME = 'PRECIS_DEMO_1';

/** Pixel values as 16-bit little-endian bytes, whatever the host byte order. */
export function int16LittleEndian(values: Int16Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setInt16(i * 2, value, true));
  return bytes;
}

function assertValidUid(tag: number, uid: string): void {
  const valid = uid.length <= MAX_UID_LENGTH && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
  if (!valid) throw new Error(`Invalid UID "${uid}" for tag ${formatTag(tag)}`);
}

function formatTag(tag: number): string {
  const hex = tag.toString(16).padStart(8, '0').toUpperCase();
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Text values are padded to even length: UI with NUL, everything else with a space. */
function encodeText(tag: number, vr: TextVR, value: string): Uint8Array {
  if (vr === 'UI') value.split('\\').forEach((uid) => assertValidUid(tag, uid));
  if (!/^[\x20-\x7e\r\n\f\t]*$/.test(value)) throw new Error(`Non-ASCII text in ${formatTag(tag)}`);
  const padded = value.length % 2 === 0 ? value : value + (vr === 'UI' ? '\0' : ' ');
  return new TextEncoder().encode(padded);
}

function encodeNumbers(vr: NumberVR, value: number | readonly number[]): Uint8Array {
  const values = typeof value === 'number' ? [value] : value;
  const size = vr === 'UL' ? 4 : 2;
  const bytes = new Uint8Array(values.length * size);
  const view = new DataView(bytes.buffer);
  values.forEach((n, i) => {
    if (vr === 'US') view.setUint16(i * size, n, true);
    else if (vr === 'SS') view.setInt16(i * size, n, true);
    else view.setUint32(i * size, n, true);
  });
  return bytes;
}

function encodeBinary(value: Uint8Array): Uint8Array {
  if (value.length % 2 === 0) return value;
  const padded = new Uint8Array(value.length + 1);
  padded.set(value);
  return padded;
}

function encodeValue(element: DicomElement): Uint8Array {
  switch (element.vr) {
    case 'US':
    case 'SS':
    case 'UL':
      return encodeNumbers(element.vr, element.value);
    case 'OB':
    case 'OW':
      return encodeBinary(element.value);
    default:
      return encodeText(element.tag, element.vr, element.value);
  }
}

/** Tag, VR, length and value of one element in Explicit VR Little Endian. */
function encodeElement(element: DicomElement): Uint8Array {
  const value = encodeValue(element);
  const long = LONG_LENGTH_VRS.has(element.vr);
  if (!long && value.length > 0xffff) throw new Error(`Value of ${formatTag(element.tag)} exceeds 65534 bytes`);
  const headerLength = long ? 12 : 8;
  const bytes = new Uint8Array(headerLength + value.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, element.tag >>> 16, true);
  view.setUint16(2, element.tag & 0xffff, true);
  bytes[4] = element.vr.charCodeAt(0);
  bytes[5] = element.vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  bytes.set(value, headerLength);
  return bytes;
}

/** Elements encoded in ascending tag order; a repeated tag is a programming error. */
function encodeDataSet(elements: readonly DicomElement[]): Uint8Array[] {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  sorted.forEach((element, i) => {
    if (i > 0 && sorted[i - 1]?.tag === element.tag) throw new Error(`Duplicate tag ${formatTag(element.tag)}`);
  });
  return sorted.map(encodeElement);
}

/** Group 0002, always Explicit VR Little Endian, preceded by its group length (0002,0000). */
function encodeFileMeta(meta: FileMeta): Uint8Array[] {
  const parts = encodeDataSet([
    { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0x00, 0x01) },
    { tag: 0x00020002, vr: 'UI', value: meta.MediaStorageSOPClassUID },
    { tag: 0x00020003, vr: 'UI', value: meta.MediaStorageSOPInstanceUID },
    { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN },
    { tag: 0x00020012, vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
    { tag: 0x00020013, vr: 'SH', value: IMPLEMENTATION_VERSION_NAME },
  ]);
  const groupLength = parts.reduce((sum, part) => sum + part.length, 0);
  return [encodeElement({ tag: 0x00020000, vr: 'UL', value: groupLength }), ...parts];
}

/** A complete Part 10 file: 128-byte preamble, "DICM", file meta group, then the data set. */
export function encodePart10(meta: FileMeta, elements: readonly DicomElement[]): Uint8Array {
  if (elements.some((element) => element.tag >>> 16 <= 0x0002)) {
    throw new Error('Data set elements must not use groups 0000-0002; pass file meta separately');
  }
  const parts = [new Uint8Array(128), new TextEncoder().encode('DICM'), ...encodeFileMeta(meta), ...encodeDataSet(elements)];
  const file = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}
