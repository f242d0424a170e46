// Reads an SR's content tree from a data set parsed by dicom-parser into contentItem.ts's model,
// walking the Content Sequences itself (Cornerstone's adapters stop on dcmqi's reports). Text is
// decoded with the file's Specific Character Set. A content item that cannot be read is an error that
// names its place in the tree as dsrdump numbers it (e.g. "content item 1.4.2"), never a silent skip.
import type dicomParser from 'dicom-parser';
import { decodeText } from '../../dicom/charset.ts';
import { code, type Code } from './codes.ts';
import type { CompositeRef, ContentItem, ContentValue, Relationship } from './contentItem.ts';
import { T } from './dicomElements.ts';

type DataSet = dicomParser.DataSet;

/** A report whose content cannot be read; `message` says where and what. */
export class ReportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFormatError';
  }
}

const keys = new Map<number, string>();
/** dicom-parser's element key ('xggggeeee') of a tag. */
function key(t: number): string {
  let k = keys.get(t);
  if (k === undefined) keys.set(t, (k = `x${t.toString(16).padStart(8, '0')}`));
  return k;
}

/** Plain ASCII (no escape sequence) reads the same in every character set DICOM allows. */
function plainAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80 || b === 0x1b) return false;
  return true;
}

/** Text of an element, decoded with the character set; '' when absent or empty. An SR has thousands of
 *  short values, nearly all ASCII: those skip the decoder (a decoder per value was most of a read's time). */
export function textOf(ds: DataSet, t: number, charset: string): string {
  const element = ds.elements[key(t)];
  if (!element || element.length <= 0) return '';
  const bytes = ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  if (plainAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1').replace(/\0+$/, '').trim();
  return decodeText(bytes, charset);
}

export function itemsOf(ds: DataSet, t: number): DataSet[] {
  return (ds.elements[key(t)]?.items ?? []).map((i) => i.dataSet).filter((d): d is DataSet => d !== undefined);
}

export const has = (ds: DataSet, t: number): boolean => ds.elements[key(t)] !== undefined;

function floats(ds: DataSet, t: number, size: 4 | 8): number[] {
  const element = ds.elements[key(t)];
  if (!element || element.length <= 0) return [];
  return Array.from({ length: Math.floor(element.length / size) }, (_, k) => (size === 4 ? ds.float(key(t), k) : ds.double(key(t), k)) ?? Number.NaN);
}

/** The first item of a code sequence, or null. */
export function codeOf(ds: DataSet, t: number, charset: string): Code | null {
  const first = itemsOf(ds, t)[0];
  if (!first) return null;
  const value = textOf(first, T.CodeValue, charset) || textOf(first, T.LongCodeValue, charset);
  return code(value, textOf(first, T.CodingSchemeDesignator, charset), textOf(first, T.CodeMeaning, charset));
}

function compositeRef(ds: DataSet, where: string, charset: string): CompositeRef {
  const ref = itemsOf(ds, T.ReferencedSOPSequence)[0];
  if (!ref) throw new ReportFormatError(`${where}: an image or object reference without a Referenced SOP Sequence`);
  const frames = textOf(ref, T.ReferencedFrameNumber, charset);
  return {
    sopClassUID: textOf(ref, T.ReferencedSOPClassUID, charset),
    sopInstanceUID: textOf(ref, T.ReferencedSOPInstanceUID, charset),
    frames: frames ? frames.split('\\').map(Number).filter(Number.isInteger) : [],
  };
}

function numValue(ds: DataSet, where: string, charset: string): ContentValue {
  const measured = itemsOf(ds, T.MeasuredValueSequence)[0];
  if (!measured) return { valueType: 'NUM', value: null, numeric: null, unit: null };
  const numeric = textOf(measured, T.NumericValue, charset);
  const precise = floats(measured, T.FloatingPointValue, 8)[0];
  const value = precise ?? Number.parseFloat(numeric);
  if (!Number.isFinite(value)) throw new ReportFormatError(`${where}: the numeric value "${numeric}" is not a number`);
  const unit = codeOf(measured, T.MeasurementUnitsCodeSequence, charset);
  if (!unit) throw new ReportFormatError(`${where}: the numeric value ${numeric} has no Measurement Units Code Sequence`);
  return { valueType: 'NUM', value, numeric: numeric || null, unit };
}

function coordinates(ds: DataSet, where: string, three: boolean, charset: string): ContentValue {
  const graphicType = textOf(ds, T.GraphicType, charset);
  const data = floats(ds, T.GraphicData, 4);
  const size = three ? 3 : 2;
  if (!graphicType || data.length === 0 || data.length % size !== 0 || data.some((v) => !Number.isFinite(v))) {
    throw new ReportFormatError(`${where}: ${three ? 'SCOORD3D' : 'SCOORD'} ${graphicType || 'without a Graphic Type'} has ${data.length} coordinate values, not a whole number of ${size}D points`);
  }
  if (!three) return { valueType: 'SCOORD', graphicType, data };
  const frameOfReferenceUID = textOf(ds, T.ReferencedFrameOfReferenceUID, charset);
  if (!frameOfReferenceUID) throw new ReportFormatError(`${where}: SCOORD3D without a Referenced Frame of Reference UID`);
  return { valueType: 'SCOORD3D', graphicType, data, frameOfReferenceUID };
}

function valueOf(ds: DataSet, valueType: string, where: string, charset: string): ContentValue {
  const text = (t: number): string => textOf(ds, t, charset);
  switch (valueType) {
    case 'CONTAINER': {
      const template = itemsOf(ds, T.ContentTemplateSequence)[0];
      return { valueType, continuity: text(T.ContinuityOfContent) === 'CONTINUOUS' ? 'CONTINUOUS' : 'SEPARATE', template: template ? textOf(template, T.TemplateIdentifier, charset) || null : null };
    }
    case 'TEXT': return { valueType, text: text(T.TextValue) };
    case 'PNAME': return { valueType, text: text(T.PersonName) };
    case 'UIDREF': return { valueType, text: text(T.UID) };
    case 'DATE': return { valueType, text: text(T.Date) };
    case 'TIME': return { valueType, text: text(T.Time) };
    case 'DATETIME': return { valueType, text: text(T.DateTime) };
    case 'CODE': {
      const value = codeOf(ds, T.ConceptCodeSequence, charset);
      if (!value) throw new ReportFormatError(`${where}: a CODE item without a Concept Code Sequence`);
      return { valueType, code: value };
    }
    case 'NUM': return numValue(ds, where, charset);
    case 'SCOORD3D': return coordinates(ds, where, true, charset);
    case 'SCOORD': return coordinates(ds, where, false, charset);
    case 'IMAGE':
    case 'COMPOSITE': return { valueType, ref: compositeRef(ds, where, charset) };
    default: return { valueType: 'OTHER', name: valueType };
  }
}

const RELATIONSHIPS = new Set<string>(['CONTAINS', 'HAS OBS CONTEXT', 'HAS ACQ CONTEXT', 'HAS CONCEPT MOD', 'HAS PROPERTIES', 'INFERRED FROM', 'SELECTED FROM']);

/** The item at `path` (1-based positions; [] for the document root, whose data set is the file's). */
export function decodeContent(ds: DataSet, charset: string, path: number[] = []): ContentItem {
  const where = path.length === 0 ? 'the document root' : `content item 1.${path.join('.')}`;
  const relationshipText = textOf(ds, T.RelationshipType, charset);
  if (path.length > 0 && !RELATIONSHIPS.has(relationshipText)) {
    throw new ReportFormatError(`${where}: ${relationshipText ? `unknown relationship type "${relationshipText}"` : 'no Relationship Type (0040,A010)'}`);
  }
  // A by-reference relationship (Referenced Content Item Identifier) points at another item: no value of its own.
  const byReference = has(ds, 0x0040db73) && !has(ds, T.ValueType);
  const valueType = textOf(ds, T.ValueType, charset);
  if (!valueType && !byReference) throw new ReportFormatError(`${where}: no Value Type (0040,A040)`);
  const value = byReference ? ({ valueType: 'OTHER', name: 'by-reference' } as const) : valueOf(ds, valueType, where, charset);
  return {
    ...value,
    relationship: path.length === 0 ? null : (relationshipText as Relationship),
    concept: codeOf(ds, T.ConceptNameCodeSequence, charset),
    children: itemsOf(ds, T.ContentSequence).map((child, k) => decodeContent(child, charset, [...path, k + 1])),
  };
}
