// Typed values of a dicom-parser data set by tag number: decimal and integer strings, US values, the
// first item of a sequence, and a coded entry. Text is read by the SR code's textOf (character set
// applied), so labels in any DICOM character set read the same here as in SR.
import type dicomParser from 'dicom-parser';
import type { Code } from '../sr/codes.ts';
import { itemsOf, textOf } from '../sr/contentDecode.ts';
import { T } from '../sr/dicomElements.ts';

type DataSet = dicomParser.DataSet;

export const keyOf = (t: number): string => `x${t.toString(16).padStart(8, '0')}`;

/** DS or IS values as numbers ([] when absent); a value that is not a number is NaN. */
export function numbers(ds: DataSet, t: number): number[] {
  const text = textOf(ds, t, '');
  return text === '' ? [] : text.split('\\').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
}

export function firstNumber(ds: DataSet, t: number): number | null {
  const v = numbers(ds, t)[0];
  return v === undefined || Number.isNaN(v) ? null : v;
}

/** US values (2 bytes each, little endian), [] when absent. */
export function unsignedShorts(ds: DataSet, t: number): number[] {
  const element = ds.elements[keyOf(t)];
  if (!element || element.length < 2) return [];
  return Array.from({ length: Math.floor(element.length / 2) }, (_, k) => ds.uint16(keyOf(t), k) ?? 0);
}

export const firstItem = (ds: DataSet | undefined, t: number): DataSet | undefined => (ds ? itemsOf(ds, t)[0] : undefined);

/** The coded entry of a code sequence's first item (Code Value, or Long Code Value), or null. */
export function codeOf(ds: DataSet, t: number, charset: string): Code | null {
  const item = firstItem(ds, t);
  if (!item) return null;
  const value = textOf(item, T.CodeValue, charset) || textOf(item, T.LongCodeValue, charset);
  return value ? { value, scheme: textOf(item, T.CodingSchemeDesignator, charset), meaning: textOf(item, T.CodeMeaning, charset) } : null;
}

export { itemsOf, textOf };
