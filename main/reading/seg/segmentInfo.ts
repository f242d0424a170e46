// One item of the Segment Sequence (PS3.3 C.8.20.2 Segment Description Macro) as SegmentInfo: number,
// label, property category and type, algorithm type, name and identification (TID 4019's fields), and
// the recommended display colour, converted from CIELab to sRGB.
import type dicomParser from 'dicom-parser';
import { dicomLabToRgb } from './cielab.ts';
import { codeOf, firstItem, textOf, unsignedShorts } from './dataSetValues.ts';
import { S } from './segTags.ts';
import { SegFormatError, type SegmentAlgorithm, type SegmentInfo } from './segTypes.ts';

type DataSet = dicomParser.DataSet;

function algorithmOf(item: DataSet, charset: string): SegmentAlgorithm | null {
  const a = firstItem(item, S.SegmentationAlgorithmIdentificationSequence);
  if (!a) return null;
  return {
    family: codeOf(a, S.AlgorithmFamilyCodeSequence, charset),
    name: textOf(a, S.AlgorithmName, charset),
    version: textOf(a, S.AlgorithmVersion, charset),
    parameters: textOf(a, S.AlgorithmParameters, charset),
    source: textOf(a, S.AlgorithmSource, charset),
  };
}

export function segmentInfoOf(item: DataSet, index: number, charset: string): SegmentInfo {
  const number = unsignedShorts(item, S.SegmentNumber)[0];
  if (number === undefined) throw new SegFormatError('damaged', `segment ${index + 1} of the Segment Sequence has no Segment Number`);
  const lab = unsignedShorts(item, S.RecommendedDisplayCIELabValue);
  const cielab = lab.length === 3 ? (lab as [number, number, number]) : null;
  return {
    SegmentNumber: number,
    SegmentLabel: textOf(item, S.SegmentLabel, charset),
    SegmentDescription: textOf(item, S.SegmentDescription, charset),
    SegmentAlgorithmType: textOf(item, S.SegmentAlgorithmType, charset),
    SegmentAlgorithmName: textOf(item, S.SegmentAlgorithmName, charset),
    algorithm: algorithmOf(item, charset),
    category: codeOf(item, S.SegmentedPropertyCategoryCodeSequence, charset),
    type: codeOf(item, S.SegmentedPropertyTypeCodeSequence, charset),
    RecommendedDisplayCIELabValue: cielab,
    rgb: cielab ? dicomLabToRgb(cielab) : null,
    TrackingID: textOf(item, S.TrackingID, charset),
    TrackingUID: textOf(item, S.TrackingUID, charset),
  };
}

