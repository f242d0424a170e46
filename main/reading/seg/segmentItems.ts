// The Segment Sequence items a SEG is written with (PS3.3 C.8.20.2 Segment Description Macro): number,
// label, what the segment is (category and type codes), how it was made (Segment Algorithm Type and
// Name, and the Segmentation Algorithm Identification Sequence with the Algorithm Identification Macro:
// family, name, version, parameters, source; the fields TID 4019 names), and the display colour.
import type { Code } from '../sr/codes.ts';
import { num, seq, str, T, type Dataset, type Element } from '../sr/dicomElements.ts';
import { rgbToDicomLab } from './cielab.ts';
import { S } from './segTags.ts';

/** DICOM PS3.16 CID 7162: the family of an AI model's algorithm. */
export const ARTIFICIAL_INTELLIGENCE: Code = { value: '123110', scheme: 'DCM', meaning: 'Artificial Intelligence' };

export interface AlgorithmIdentification {
  /** CID 7162, e.g. ARTIFICIAL_INTELLIGENCE. */
  family: Code;
  /** The model's name (LO, at most 64 characters), e.g. a manifest id. */
  name: string;
  version: string;
  /** Free text (LT), e.g. the model's sha256 and run parameters. */
  parameters?: string;
  /** Who made the algorithm (LO). */
  source?: string;
}

export interface SegmentToWrite {
  label: string;
  description?: string;
  /** CID 7150, e.g. (123037004, SCT, Anatomical Structure). */
  category: Code;
  /** CID 7151 or any code naming what the segment is, e.g. (39607008, SCT, Lung). */
  type: Code;
  /** AUTOMATIC unless a person edited the result (SEMIAUTOMATIC). */
  algorithmType?: 'AUTOMATIC' | 'SEMIAUTOMATIC';
  algorithm: AlgorithmIdentification;
  /** sRGB 0..255. */
  rgb: [number, number, number];
  /** 0/1 per voxel of the source grid: columns * rows * slices, x fastest, slice k = source.slices[k]. */
  mask: Uint8Array;
}

const codeItem = (c: Code): Dataset => [str(T.CodeValue, 'SH', c.value), str(T.CodingSchemeDesignator, 'SH', c.scheme), str(T.CodeMeaning, 'LO', c.meaning)];

export const codeSequence = (t: number, c: Code): Element => seq(t, [codeItem(c)]);

function algorithmItem(a: AlgorithmIdentification): Dataset {
  return [
    codeSequence(S.AlgorithmFamilyCodeSequence, a.family),
    str(S.AlgorithmName, 'LO', a.name),
    str(S.AlgorithmVersion, 'LO', a.version),
    ...(a.parameters ? [str(S.AlgorithmParameters, 'LT', a.parameters)] : []),
    ...(a.source ? [str(S.AlgorithmSource, 'LO', a.source)] : []),
  ];
}

export function segmentItem(segment: SegmentToWrite, number: number): Dataset {
  return [
    codeSequence(S.SegmentedPropertyCategoryCodeSequence, segment.category),
    num(S.SegmentNumber, 'US', number),
    str(S.SegmentLabel, 'LO', segment.label),
    ...(segment.description ? [str(S.SegmentDescription, 'ST', segment.description)] : []),
    seq(S.SegmentationAlgorithmIdentificationSequence, [algorithmItem(segment.algorithm)]),
    str(S.SegmentAlgorithmType, 'CS', segment.algorithmType ?? 'AUTOMATIC'),
    str(S.SegmentAlgorithmName, 'LO', segment.algorithm.name),
    num(S.RecommendedDisplayCIELabValue, 'US', ...rgbToDicomLab(segment.rgb)),
    codeSequence(S.SegmentedPropertyTypeCodeSequence, segment.type),
  ];
}
