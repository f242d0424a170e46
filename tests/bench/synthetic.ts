// Synthetic libraries for the scale bench: copies of one small real CT file (pydicom's CT_small.dcm,
// Explicit VR Little Endian) with fresh patients, studies, series and instances. The file's bytes are
// kept; only the identifying elements are re-encoded (with their new lengths) and the pixel data is
// cropped to a corner of the real image so that 50,000 files stay about 400 MB.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { uidFromSeed } from '../../main/dicom/demo/dicomWriter.ts';

/** Rows and columns of the cropped image (the source is 128 x 128, 16-bit). */
const CROP = 32;

type Field = 'groupLength' | 'sop' | 'study' | 'series' | 'name' | 'id' | 'instanceNumber' | 'seriesNumber';

/** The source file split into fixed bytes and the elements each copy rewrites. */
export interface Template {
  parts: Array<Uint8Array | { field: Field; tag: number; vr: string }>;
}

export interface SyntheticInstance {
  PatientID: string;
  PatientName: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  SOPInstanceUID: string;
  SeriesNumber: number;
  InstanceNumber: number;
}

const FIELDS: Record<string, Field> = {
  x00020000: 'groupLength',
  x00020003: 'sop',
  x00080018: 'sop',
  x0020000d: 'study',
  x0020000e: 'series',
  x00100010: 'name',
  x00100020: 'id',
  x00200011: 'seriesNumber',
  x00200013: 'instanceNumber',
};

const tagNumber = (key: string): number => Number.parseInt(key.slice(1), 16);

/** Rows/Columns set to CROP and the pixel data cut to the top-left CROP x CROP pixels. */
function cropped(bytes: Uint8Array, ds: dicomParser.DataSet): { pixelHeader: Uint8Array; pixels: Uint8Array } {
  const el = ds.elements.x7fe00010;
  const columns = ds.uint16('x00280011');
  if (!el || ds.uint16('x00280100') !== 16 || !columns) throw new Error('the template needs 16-bit native pixel data');
  const pixels = new Uint8Array(CROP * CROP * 2);
  for (let row = 0; row < CROP; row++) {
    pixels.set(bytes.subarray(el.dataOffset + row * columns * 2, el.dataOffset + (row * columns + CROP) * 2), row * CROP * 2);
  }
  const pixelHeader = bytes.slice(el.dataOffset - 12, el.dataOffset);
  new DataView(pixelHeader.buffer).setUint32(8, pixels.length, true);
  return { pixelHeader, pixels };
}

export function makeTemplate(sourcePath: string): Template {
  const bytes = new Uint8Array(readFileSync(sourcePath));
  const ds = dicomParser.parseDicom(bytes);
  if (ds.string('x00020010') !== '1.2.840.10008.1.2.1') throw new Error(`${sourcePath}: the template must be Explicit VR Little Endian`);
  const pixel = ds.elements.x7fe00010;
  if (!pixel) throw new Error(`${sourcePath} has no pixel data`);
  // Top-level elements only (dataSet.elements holds no sequence items), in file order.
  const edits = Object.entries(ds.elements)
    .filter(([key]) => key in FIELDS || key === 'x00280010' || key === 'x00280011')
    .map(([key, el]) => ({ key, el }))
    .sort((a, b) => a.el.dataOffset - b.el.dataOffset);
  const parts: Template['parts'] = [];
  let at = 0;
  for (const { key, el } of edits) {
    const start = el.dataOffset - 8; // tag, VR, 2-byte length: every edited VR (UI PN LO IS UL US) is short
    parts.push(bytes.slice(at, start));
    if (key === 'x00280010' || key === 'x00280011') {
      const copy = bytes.slice(start, el.dataOffset + el.length);
      new DataView(copy.buffer).setUint16(8, CROP, true);
      parts.push(copy);
    } else {
      parts.push({ field: FIELDS[key] as Field, tag: tagNumber(key), vr: el.vr ?? 'UN' });
    }
    at = el.dataOffset + el.length;
  }
  const { pixelHeader, pixels } = cropped(bytes, ds);
  parts.push(bytes.slice(at, pixel.dataOffset - 12), pixelHeader, pixels);
  return { parts };
}

function element(tag: number, vr: string, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  view.setUint16(6, value.length, true);
  out.set(value, 8);
  return out;
}

function text(value: string, vr: string): Uint8Array {
  const padded = value.length % 2 === 0 ? value : value + (vr === 'UI' ? '\0' : ' ');
  return new TextEncoder().encode(padded);
}

/** One Part 10 file for `instance`, built from the template. */
export function encodeInstance(template: Template, instance: SyntheticInstance): Uint8Array {
  const values: Record<Exclude<Field, 'groupLength'>, string> = {
    sop: instance.SOPInstanceUID,
    study: instance.StudyInstanceUID,
    series: instance.SeriesInstanceUID,
    name: instance.PatientName,
    id: instance.PatientID,
    seriesNumber: String(instance.SeriesNumber),
    instanceNumber: String(instance.InstanceNumber),
  };
  const encoded = template.parts.map((part) =>
    part instanceof Uint8Array || part.field === 'groupLength' ? part : element(part.tag, part.vr, text(values[part.field], part.vr)),
  );
  // (0002,0000): the byte count of the meta group after it, which ends before the first non-0002 element.
  const groupIndex = encoded.findIndex((p) => !(p instanceof Uint8Array));
  const groupPart = template.parts[groupIndex] as { tag: number; vr: string };
  const lengthValue = new Uint8Array(4);
  new DataView(lengthValue.buffer).setUint32(0, metaLength(encoded.slice(groupIndex + 1) as Uint8Array[]), true);
  encoded[groupIndex] = element(groupPart.tag, groupPart.vr, lengthValue);
  const out = new Uint8Array(encoded.reduce((n, p) => n + (p as Uint8Array).length, 0));
  let offset = 0;
  for (const part of encoded as Uint8Array[]) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Bytes of the group-0002 elements at the start of `parts` (walks the encoded elements). */
function metaLength(parts: Uint8Array[]): number {
  const bytes = Buffer.concat(parts);
  let at = 0;
  while (at + 8 <= bytes.length && bytes.readUInt16LE(at) === 0x0002) {
    const vr = bytes.toString('latin1', at + 4, at + 6);
    const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN'].includes(vr);
    at += long ? 12 + bytes.readUInt32LE(at + 8) : 8 + bytes.readUInt16LE(at + 6);
  }
  return at;
}

const SYLLABLES = ['KA', 'RO', 'MI', 'TE', 'LU', 'SAN', 'VO', 'BER', 'NI', 'DO', 'FEL', 'GRA', 'HU', 'JO', 'PE', 'QUI', 'STA', 'WEN', 'ZO', 'YA'];

/** A family name from three syllables, chosen from the patient number (8,000 distinct names). */
export function familyName(patient: number): string {
  const n = (patient * 7919) % 8000;
  return `${SYLLABLES[n % 20]}${SYLLABLES[Math.floor(n / 20) % 20]}${SYLLABLES[Math.floor(n / 400) % 20]}`;
}

export const patientIdOf = (patient: number): string => `SYN${String(patient).padStart(7, '0')}`;

export interface LibrarySpec {
  patients: number;
  instances: number;
  /** Makes the UIDs fresh for each bench run. */
  salt: string;
}

/**
 * Writes `instances` files over `patients` patients (one study, two series each) under `dir`, one
 * folder per patient. Returns the instances written, in order.
 */
export function writeSyntheticLibrary(template: Template, dir: string, spec: LibrarySpec): SyntheticInstance[] {
  const written: SyntheticInstance[] = [];
  const perPatient = Math.ceil(spec.instances / spec.patients);
  for (let p = 0; p < spec.patients && written.length < spec.instances; p++) {
    const folder = join(dir, `p${String(p).padStart(6, '0')}`);
    mkdirSync(folder, { recursive: true });
    const seed = `${spec.salt}/patient/${p}`;
    const study = uidFromSeed(`${seed}/study`);
    for (let i = 0; i < perPatient && written.length < spec.instances; i++) {
      const seriesNumber = i < perPatient / 2 ? 1 : 2;
      const instance: SyntheticInstance = {
        PatientID: patientIdOf(p),
        PatientName: `${familyName(p)}^${SYLLABLES[p % 20]}`,
        StudyInstanceUID: study,
        SeriesInstanceUID: uidFromSeed(`${seed}/series/${seriesNumber}`),
        SOPInstanceUID: uidFromSeed(`${seed}/instance/${i}`),
        SeriesNumber: seriesNumber,
        InstanceNumber: i + 1,
      };
      writeFileSync(join(folder, `${String(i).padStart(4, '0')}.dcm`), encodeInstance(template, instance));
      written.push(instance);
    }
  }
  return written;
}
