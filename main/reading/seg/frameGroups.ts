// The multi-frame functional groups of a SEG (PS3.3 C.7.6.16): for every frame its Segment
// Identification (which segment), Plane Position (Patient) (where) and Derivation Image (from which
// source image), and the Plane Orientation and Pixel Measures; each looked up in the frame's own item
// first, then in the Shared Functional Groups, as the standard allows either place.
import type dicomParser from 'dicom-parser';
import { T } from '../sr/dicomElements.ts';
import { firstItem, firstNumber, itemsOf, numbers, textOf, unsignedShorts } from './dataSetValues.ts';
import { S } from './segTags.ts';
import { SegFormatError, type Vec3 } from './segTypes.ts';

type DataSet = dicomParser.DataSet;

export interface FrameGroup {
  segmentNumber: number | null;
  position: Vec3;
  orientation: number[];
  sourceSOPInstanceUIDs: string[];
}

export interface PixelMeasures {
  pixelSpacing: [number, number];
  sliceThickness: number | null;
  spacingBetweenSlices: number | null;
}

/** The first item of functional group `group` for a frame: its own, else the shared one. */
const groupItem = (frame: DataSet | undefined, shared: DataSet | undefined, group: number): DataSet | undefined =>
  firstItem(frame, group) ?? firstItem(shared, group);

function sourcesOf(frame: DataSet | undefined, shared: DataSet | undefined): string[] {
  const derivations = [...(frame ? itemsOf(frame, S.DerivationImageSequence) : []), ...(shared ? itemsOf(shared, S.DerivationImageSequence) : [])];
  return derivations.flatMap((d) => itemsOf(d, S.SourceImageSequence).map((s) => textOf(s, T.ReferencedSOPInstanceUID, ''))).filter((u) => u !== '');
}

function vec3(values: number[], what: string): Vec3 {
  if (values.length !== 3 || values.some((v) => !Number.isFinite(v))) throw new SegFormatError('geometry', `${what} is not three numbers`);
  return [values[0] ?? 0, values[1] ?? 0, values[2] ?? 0];
}

export function frameGroups(ds: DataSet, frames: number, labelMap: boolean): FrameGroup[] {
  const shared = firstItem(ds, S.SharedFunctionalGroupsSequence);
  const perFrame = itemsOf(ds, S.PerFrameFunctionalGroupsSequence);
  if (perFrame.length !== frames) throw new SegFormatError('damaged', `the SEG has ${frames} frames but ${perFrame.length} Per-Frame Functional Groups items`);
  return perFrame.map((frame, f) => {
    const identification = groupItem(frame, shared, S.SegmentIdentificationSequence);
    const segmentNumber = identification ? (unsignedShorts(identification, S.ReferencedSegmentNumber)[0] ?? null) : null;
    if (segmentNumber === null && !labelMap) throw new SegFormatError('damaged', `frame ${f + 1} names no segment (Segment Identification Sequence)`);
    const plane = groupItem(frame, shared, S.PlanePositionSequence);
    const orientation = groupItem(frame, shared, S.PlaneOrientationSequence);
    return {
      segmentNumber,
      position: vec3(plane ? numbers(plane, S.ImagePositionPatient) : [], `the Image Position (Patient) of frame ${f + 1}`),
      orientation: orientation ? numbers(orientation, S.ImageOrientationPatient) : [],
      sourceSOPInstanceUIDs: sourcesOf(frame, shared),
    };
  });
}

export function pixelMeasures(ds: DataSet): PixelMeasures {
  const shared = firstItem(ds, S.SharedFunctionalGroupsSequence);
  const item = groupItem(itemsOf(ds, S.PerFrameFunctionalGroupsSequence)[0], shared, S.PixelMeasuresSequence);
  const spacing = item ? numbers(item, S.PixelSpacing) : [];
  if (spacing.length !== 2 || spacing.some((v) => !(v > 0))) throw new SegFormatError('geometry', 'the SEG has no Pixel Spacing of two positive numbers (Pixel Measures Sequence)');
  return {
    pixelSpacing: [spacing[0] ?? 1, spacing[1] ?? 1],
    sliceThickness: item ? firstNumber(item, S.SliceThickness) : null,
    spacingBetweenSlices: item ? firstNumber(item, S.SpacingBetweenSlices) : null,
  };
}
