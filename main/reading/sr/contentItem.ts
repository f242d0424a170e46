// The SR content tree as both the writer and the reader see it (PS3.3 C.17.3): each content item has a
// relationship to its parent, a value type, a concept name and its value; children follow. The writer
// builds this and encodes it (contentEncode.ts); the reader decodes a file into it (contentDecode.ts),
// so that what is written can be read back by the same code that reads other producers' reports.
import type { Code } from './codes.ts';

export type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS ACQ CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'INFERRED FROM' | 'SELECTED FROM';

/** A referenced image or other composite object; `frames` 1-based, empty for all frames. */
export interface CompositeRef {
  sopClassUID: string;
  sopInstanceUID: string;
  frames: number[];
}

export type ContentValue =
  | { valueType: 'CONTAINER'; continuity: 'SEPARATE' | 'CONTINUOUS'; template: string | null }
  | { valueType: 'TEXT' | 'DATE' | 'TIME' | 'DATETIME' | 'PNAME' | 'UIDREF'; text: string }
  | { valueType: 'CODE'; code: Code }
  /** `value`: FloatingPointValue when present, else NumericValue; null when the item has no value. */
  | { valueType: 'NUM'; value: number | null; numeric: string | null; unit: Code | null }
  /** Patient coordinates in mm (LPS), x\y\z triplets, in the Frame of Reference. */
  | { valueType: 'SCOORD3D'; graphicType: string; data: number[]; frameOfReferenceUID: string }
  /** Image coordinates: column\row pairs, (0,0) the top left corner of the top left pixel. */
  | { valueType: 'SCOORD'; graphicType: string; data: number[] }
  | { valueType: 'IMAGE' | 'COMPOSITE'; ref: CompositeRef }
  /** A value type this reader does not interpret (e.g. TCOORD, WAVEFORM): kept so positions stay right. */
  | { valueType: 'OTHER'; name: string };

export type ContentItem = ContentValue & {
  relationship: Relationship | null;
  concept: Code | null;
  children: ContentItem[];
};

/** The value fields of the member of ContentValue whose value type includes V. */
type ValueOf<V extends ContentValue['valueType']> = ContentValue extends infer U ? (U extends { valueType: infer T } ? (V extends T ? Omit<U, 'valueType'> : never) : never) : never;

/** One content item; `children` defaults to none. */
export function item<V extends ContentValue['valueType']>(
  relationship: Relationship | null,
  valueType: V,
  concept: Code | null,
  value: ValueOf<V>,
  children: ContentItem[] = [],
): ContentItem {
  return { relationship, valueType, concept, ...value, children } as unknown as ContentItem;
}

export const container = (relationship: Relationship | null, concept: Code, children: ContentItem[], template: string | null = null): ContentItem =>
  item(relationship, 'CONTAINER', concept, { continuity: 'SEPARATE', template }, children);

export const codeItem = (relationship: Relationship, concept: Code, value: Code, children: ContentItem[] = []): ContentItem =>
  item(relationship, 'CODE', concept, { code: value }, children);

export const textItem = (relationship: Relationship, valueType: 'TEXT' | 'PNAME' | 'UIDREF' | 'DATE' | 'TIME' | 'DATETIME', concept: Code, text: string, children: ContentItem[] = []): ContentItem =>
  item(relationship, valueType, concept, { text }, children);
