// What a model's label is, as the SEG's Segmented Property Category and Type codes (PS3.16 CID 7150 and
// CID 7151): the SNOMED CT codes for the labels the shipped models use, and for any other label a
// private code (99PRECIS) whose meaning is the label, so a reader still sees what it was called.
import { freeTextCode } from '../sr/findingCodes.ts';
import type { Code } from '../sr/codes.ts';

const ANATOMICAL_STRUCTURE: Code = { value: '123037004', scheme: 'SCT', meaning: 'Anatomical Structure' };
const ABNORMAL_STRUCTURE: Code = { value: '49755003', scheme: 'SCT', meaning: 'Morphologically Abnormal Structure' };

const KNOWN: ReadonlyArray<[RegExp, Code, Code]> = [
  [/^right lung$/i, ANATOMICAL_STRUCTURE, { value: '3341006', scheme: 'SCT', meaning: 'Right lung' }],
  [/^left lung$/i, ANATOMICAL_STRUCTURE, { value: '44029006', scheme: 'SCT', meaning: 'Left lung' }],
  [/^lungs?$/i, ANATOMICAL_STRUCTURE, { value: '39607008', scheme: 'SCT', meaning: 'Lung' }],
  [/nodule/i, ABNORMAL_STRUCTURE, { value: '27925004', scheme: 'SCT', meaning: 'Nodule' }],
];

export function labelCodes(label: string): { category: Code; type: Code } {
  const known = KNOWN.find(([pattern]) => pattern.test(label.trim()));
  return known ? { category: known[1], type: known[2] } : { category: ANATOMICAL_STRUCTURE, type: freeTextCode(label) };
}
