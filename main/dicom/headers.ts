// Reads the header of one DICOM file with dicom-parser, stopping before the pixel data. Most files
// need only their first 16 KiB read (into a buffer the caller reuses: a fresh 256 KiB per file cost
// more in garbage collection than the parse); longer headers get 256 KiB, then larger headers, deflated
// files and files without a Part 10 preamble fall back to reading the whole file.
import dicomParser from 'dicom-parser';
import type { DicomHeader } from './types.ts';
import type { ImportFailureCode } from '../../preload/errorCodes.ts';
import { decodeText } from './charset.ts';
import { j2kCodestreamSigned } from './j2kSignedness.ts';
import { MEDIA_STORAGE_DIRECTORY } from './dicomdir.ts';
import { sourceReader, type SourceHead, type SourceReader } from './source.ts';

const PIXEL_DATA = 'x7fe00010';
/** Enough for the header of almost every file; a caller's reusable buffer of this size avoids a new one per file. */
export const FIRST_READ = 16 * 1024;
const SECOND_READ = 256 * 1024;
const UNDEFINED_LENGTH = 0xffffffff;
const J2K_SYNTAXES = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203']);
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';

/** A file the importer cannot take, with a stable code and a sentence for a person (never parser text). */
export class NotDicomError extends Error {
  readonly code: ImportFailureCode;
  constructor(code: ImportFailureCode, message: string) {
    super(message);
    this.code = code;
  }
}

type DataSet = dicomParser.DataSet;

/** A raw data set (no preamble, no meta header): guess its encoding from the first element. */
function guessRawTransferSyntax(bytes: Uint8Array): string {
  const vr = String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0);
  const explicit = /^[A-Z]{2}$/.test(vr);
  const bigEndian = bytes[0] === 0 && bytes[1] !== 0;
  if (explicit) return bigEndian ? EXPLICIT_BE : EXPLICIT_LE;
  return IMPLICIT_LE;
}

/** A raw data set starts with a small group number (0008 for most instances), in either byte order. */
function looksLikeRawDataSet(bytes: Uint8Array): boolean {
  const littleGroup = (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
  const bigGroup = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
  return (littleGroup > 0 && littleGroup <= 0x0010) || (bigGroup > 0 && bigGroup <= 0x0010);
}

function hasPart10Prefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** The data set of a file's first bytes, up to the pixel data: Part 10, or a raw data set (its syntax guessed). */
export function parseHeaderBytes(bytes: Uint8Array): DataSet {
  if (hasPart10Prefix(bytes)) return dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA });
  if (bytes.length < 8) throw new NotDicomError('not-dicom', 'not a DICOM file (too short)');
  return dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA, TransferSyntaxUID: guessRawTransferSyntax(bytes) });
}

/** Turns what dicom-parser threw into our own code and sentence. Without a Part 10 preamble a file that
 *  does not parse is, in practice, not DICOM at all (text, images); with one, it is a damaged DICOM file. */
function describe(error: unknown, part10: boolean): NotDicomError {
  // dicom-parser throws strings, Errors, or { exception, dataSet } objects.
  const inner = error && typeof error === 'object' && 'exception' in error ? (error as { exception: unknown }).exception : error;
  const text = typeof inner === 'string' ? inner : inner instanceof Error ? inner.message : String(inner);
  if (!part10) return new NotDicomError('not-dicom', 'not a DICOM file');
  if (/overrun|past end of buffer/i.test(text)) return new NotDicomError('truncated', 'the DICOM file ends in the middle of its header (truncated or damaged)');
  if (/0002,0010/.test(text)) return new NotDicomError('unreadable', 'the DICOM file has no transfer syntax (0002,0010) in its meta header');
  if (/inflat/i.test(text)) return new NotDicomError('unreadable', 'the deflated DICOM data set cannot be inflated (damaged file)');
  return new NotDicomError('unreadable', 'the DICOM header cannot be read (damaged file)');
}

/** True when a parse of a partial read can be trusted: it reached the pixel data (or clearly ended). */
function complete(dataSet: DataSet, head: SourceHead): boolean {
  return head.whole || (dataSet.string('x00020010') !== DEFLATED && reachedPixelDataOrEnd(dataSet, head.bytes.length));
}

/** Parses the first read; when the header goes on past it, a 256 KiB read, then the whole file (or
 *  deflated). Returns the read the data set was parsed from (its bytes back the data set). */
async function parseFile(path: string, first: SourceHead, reader: SourceReader): Promise<{ dataSet: DataSet; head: SourceHead }> {
  let head = first;
  try {
    const dataSet = parseHeaderBytes(head.bytes);
    if (complete(dataSet, head)) return { dataSet, head };
  } catch (error) {
    if (head.whole) throw error;
  }
  if (head.bytes.length < SECOND_READ) {
    head = await reader.head(path, SECOND_READ);
    try {
      const dataSet = parseHeaderBytes(head.bytes);
      if (complete(dataSet, head)) return { dataSet, head };
    } catch (error) {
      if (head.whole) throw error;
    }
  }
  const bytes = await reader.all(path);
  return { dataSet: parseHeaderBytes(bytes), head: { bytes, whole: true, fileSize: head.fileSize } };
}

/** A media directory whose records dicom-parser cannot walk (DICOMDIRs written by hand or by old CD
 *  burners often have wrong lengths) is still known as one from its meta header, so that a folder
 *  import skips it like any other DICOMDIR instead of listing it as a failed file. */
function mediaDirectoryHeader(bytes: Uint8Array): DicomHeader | null {
  if (!hasPart10Prefix(bytes)) return null;
  try {
    const meta = dicomParser.readPart10Header(bytes);
    return text(meta, 'x00020002') === MEDIA_STORAGE_DIRECTORY ? toHeader(meta) : null;
  } catch {
    return null;
  }
}

/** Reads one file's header; `reader` reads staged uploads as well as plain files. */
export async function readDicomHeader(path: string, reader: SourceReader = sourceReader(null)): Promise<DicomHeader> {
  return (await readDicomHeaderSized(path, reader)).header;
}

/** The header and the file's size (from the same open, no second stat). `buffer` (at least FIRST_READ
 *  bytes, reused by the caller between files, never shared by two reads at once) takes the first read. */
export async function readDicomHeaderSized(path: string, reader: SourceReader, buffer?: Buffer): Promise<{ header: DicomHeader; size: number }> {
  const first = await reader.head(path, FIRST_READ, buffer);
  let dataSet: DataSet;
  let head: SourceHead;
  try {
    ({ dataSet, head } = await parseFile(path, first, reader));
  } catch (error) {
    const directory = mediaDirectoryHeader(first.bytes);
    if (directory) return { header: directory, size: first.fileSize };
    throw describe(error, hasPart10Prefix(first.bytes));
  }
  if (!hasPart10Prefix(head.bytes) && !dataSet.elements.x00080016 && !dataSet.elements.x00080018) {
    throw new NotDicomError('not-dicom', 'not a DICOM file');
  }
  const pixels = dataSet.elements[PIXEL_DATA];
  if (pixels && pixels.length > 0 && pixels.length !== UNDEFINED_LENGTH && pixels.dataOffset + pixels.length > head.fileSize && dataSet.string('x00020010') !== DEFLATED) {
    throw new NotDicomError('truncated', `truncated: the pixel data needs ${pixels.dataOffset + pixels.length} bytes, the file has ${head.fileSize}`);
  }
  const header = toHeader(dataSet);
  if (J2K_SYNTAXES.has(header.instance.TransferSyntaxUID) && pixels) {
    const bytes = pixels.dataOffset + 2048 <= head.bytes.length || head.whole ? head.bytes : (await reader.head(path, pixels.dataOffset + 2048)).bytes;
    header.instance.codestreamSigned = j2kCodestreamSigned(bytes, pixels.dataOffset);
  }
  return { header, size: head.fileSize };
}

/** True when parsing a partial read stopped at the pixel data tag rather than at the end of the bytes. */
function reachedPixelDataOrEnd(dataSet: DataSet, readLength: number): boolean {
  if (dataSet.elements[PIXEL_DATA]) return true;
  const lastEnd = Math.max(...Object.values(dataSet.elements).map((e) => e.dataOffset + (e.length > 0 ? e.length : 0)));
  return lastEnd < readLength - 1024;
}

function text(ds: DataSet, tag: string): string {
  return (ds.string(tag) ?? '').trim();
}

function integer(ds: DataSet, tag: string): number | null {
  const el = ds.elements[tag];
  if (!el || el.length === 0) return null;
  const value = el.vr === 'US' ? ds.uint16(tag) : ds.intString(tag);
  return value === undefined || Number.isNaN(value) ? null : value;
}

function uint16(ds: DataSet, tag: string, fallback: number): number {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return fallback;
  return ds.uint16(tag) ?? fallback;
}

function decimals(ds: DataSet, tag: string, count: number): number[] | null {
  const raw = ds.string(tag);
  if (!raw) return null;
  const values = raw.split('\\').map((v) => Number.parseFloat(v));
  return values.length === count && values.every(Number.isFinite) ? values : null;
}

function personName(ds: DataSet, tag: string, charset: string): string {
  const el = ds.elements[tag];
  if (!el || el.length <= 0) return '';
  return decodeText(ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length), charset);
}

function toHeader(ds: DataSet): DicomHeader {
  const charset = text(ds, 'x00080005');
  const sliceLocation = ds.string('x00201041');
  return {
    MediaStorageSOPClassUID: text(ds, 'x00020002'),
    patient: {
      PatientID: personName(ds, 'x00100020', charset),
      PatientName: personName(ds, 'x00100010', charset),
      PatientBirthDate: text(ds, 'x00100030'),
      PatientSex: text(ds, 'x00100040'),
    },
    study: {
      StudyInstanceUID: text(ds, 'x0020000d'),
      StudyDate: text(ds, 'x00080020'),
      StudyTime: text(ds, 'x00080030'),
      StudyDescription: personName(ds, 'x00081030', charset),
      AccessionNumber: text(ds, 'x00080050'),
    },
    series: {
      SeriesInstanceUID: text(ds, 'x0020000e'),
      Modality: text(ds, 'x00080060'),
      SeriesNumber: integer(ds, 'x00200011'),
      SeriesDescription: personName(ds, 'x0008103e', charset),
    },
    instance: {
      SOPInstanceUID: text(ds, 'x00080018'),
      SOPClassUID: text(ds, 'x00080016'),
      InstanceNumber: integer(ds, 'x00200013'),
      TransferSyntaxUID: text(ds, 'x00020010'),
      Rows: uint16(ds, 'x00280010', 0),
      Columns: uint16(ds, 'x00280011', 0),
      NumberOfFrames: Math.max(1, integer(ds, 'x00280008') ?? 1),
      BitsAllocated: uint16(ds, 'x00280100', 0),
      BitsStored: uint16(ds, 'x00280101', 0),
      PixelRepresentation: uint16(ds, 'x00280103', 0),
      SamplesPerPixel: uint16(ds, 'x00280002', 1),
      PhotometricInterpretation: text(ds, 'x00280004'),
      codestreamSigned: null,
      hasPixelData: Boolean(ds.elements[PIXEL_DATA] ?? ds.elements.x7fe00008 ?? ds.elements.x7fe00009),
      ImagePositionPatient: decimals(ds, 'x00200032', 3),
      ImageOrientationPatient: decimals(ds, 'x00200037', 6),
      SliceLocation: sliceLocation && Number.isFinite(Number.parseFloat(sliceLocation)) ? Number.parseFloat(sliceLocation) : null,
      PixelSpacing: decimals(ds, 'x00280030', 2) as [number, number] | null,
    },
  };
}
