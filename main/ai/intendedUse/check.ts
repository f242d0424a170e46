// The intended-use check before a model runs (issue 14, item 6): the manifest's intendedUse against the
// series' tags (Modality, Body Part Examined, Slice Thickness, Contrast/Bolus Agent) AND against the
// image itself, because tags are often missing or wrong (a head CT exported as CHEST, a body part left
// empty). The image check is chosen by body part from a table (today the chest: an adult chest is wide
// and holds lungs, air enclosed by the body); a model for a body part without a row gets the tag checks
// and says that its image was not checked. Each mismatch is one sentence a radiologist can act on.
import dicomParser from 'dicom-parser';
import type { ModelManifest } from '../registry/manifest.ts';
import { bodyFigures } from './bodyFigures.ts';

type IntendedUse = NonNullable<ModelManifest['intendedUse']>;

/** The series' own statements, from its first image. */
export interface SeriesTags {
  Modality: string;
  BodyPartExamined: string | null;
  /** mm */
  SliceThickness: number | null;
  ContrastBolusAgent: string | null;
}

/** What the sampled slices show (bodyFigures.ts), the largest value over the slices. */
export interface ImageFigures {
  slicesChecked: number;
  /** Widest body, mm (left-right). */
  widestBodyMm: number;
  /** Largest area inside the body's outline in one slice, cm^2. */
  largestCrossSectionCm2: number;
  /** Most lung-density air enclosed by the body in one slice, cm^2. */
  mostInnerAirCm2: number;
}

export interface IntendedUseCheck {
  /** One sentence per mismatch; empty when the series is within the model's intended use. */
  warnings: string[];
  tags: SeriesTags;
  /** Null when no image check exists for the model's body parts. */
  image: ImageFigures | null;
}

export function seriesTags(bytes: Uint8Array): SeriesTags {
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const text = (tag: string): string | null => ds.string(tag)?.trim() || null;
  const thickness = Number(text('x00180050') ?? 'NaN');
  return {
    Modality: text('x00080060') ?? '',
    BodyPartExamined: text('x00180015')?.toUpperCase() ?? null,
    SliceThickness: Number.isFinite(thickness) ? thickness : null,
    ContrastBolusAgent: text('x00180010'),
  };
}

/** An image check: the warnings a series' figures give for a body part. */
interface ImageCheck {
  warnings(figures: ImageFigures): string[];
}

/** An adult chest's cross-section is 450-1000 cm^2 (LIDC-IDRI-0314: up to 673; the demo phantom 553); a head's 150-300 (the GE head CT of dcm_qa_ct: up to 293 with its holder; the Philips head phantom 194). */
const CHEST_MIN_CROSS_SECTION_CM2 = 350;
/** A slice through the middle of adult lungs holds 150-400 cm^2 of them; a head's sinuses a few cm^2. */
const CHEST_MIN_INNER_AIR_CM2 = 40;

const round = (v: number): number => Math.round(v);

const chest: ImageCheck = {
  warnings(f) {
    const out: string[] = [];
    if (f.largestCrossSectionCm2 < CHEST_MIN_CROSS_SECTION_CM2) {
      out.push(`The image does not look like an adult chest: the body's cross-section is at most ${round(f.largestCrossSectionCm2)} cm² (${round(f.widestBodyMm)} mm wide) in the ${f.slicesChecked} slices checked; an adult chest's is more than ${CHEST_MIN_CROSS_SECTION_CM2} cm².`);
    }
    if (f.mostInnerAirCm2 < CHEST_MIN_INNER_AIR_CM2) {
      out.push(`The image shows no lungs: at most ${round(f.mostInnerAirCm2)} cm² of air or lung-density tissue inside the body in one slice (a slice through the lungs holds more than ${CHEST_MIN_INNER_AIR_CM2} cm²).`);
    }
    return out;
  },
};

/** Image checks by DICOM Body Part Examined value; a new body part adds a row. */
export const IMAGE_CHECKS: Readonly<Record<string, ImageCheck>> = { CHEST: chest, LUNG: chest };

/** The image check of a model's body parts, or null when there is none. */
export function imageCheckFor(use: IntendedUse): ImageCheck | null {
  for (const part of use.bodyPart) {
    const check = IMAGE_CHECKS[part.toUpperCase()];
    if (check) return check;
  }
  return null;
}

/** Figures of sampled slices (HU, rows, columns, PixelSpacing), the largest of each. */
export function imageFigures(slices: ReadonlyArray<{ hu: Float32Array; rows: number; columns: number; pixelSpacing: readonly number[] | null }>): ImageFigures {
  let widestBodyMm = 0;
  let mostInnerAirCm2 = 0;
  let largestCrossSectionCm2 = 0;
  for (const s of slices) {
    const f = bodyFigures(s.hu, s.rows, s.columns, s.pixelSpacing ?? [1, 1]);
    widestBodyMm = Math.max(widestBodyMm, f.widthMm);
    mostInnerAirCm2 = Math.max(mostInnerAirCm2, f.innerAirCm2);
    largestCrossSectionCm2 = Math.max(largestCrossSectionCm2, f.crossSectionCm2);
  }
  return { slicesChecked: slices.length, widestBodyMm, largestCrossSectionCm2, mostInnerAirCm2 };
}

function tagWarnings(use: IntendedUse, tags: SeriesTags): string[] {
  const out: string[] = [];
  if (!use.modality.includes(tags.Modality)) out.push(`The series is ${tags.Modality || 'of no stated modality'}; the model is for ${use.modality.join(' or ')}.`);
  const parts = use.bodyPart.map((p) => p.toUpperCase());
  if (tags.BodyPartExamined !== null && !parts.includes(tags.BodyPartExamined)) {
    out.push(`The series' Body Part Examined is ${tags.BodyPartExamined}; the model is for ${parts.join(' or ')}.`);
  }
  const range = use.sliceThicknessMm;
  if (range && tags.SliceThickness !== null && (tags.SliceThickness < range.min || tags.SliceThickness > range.max)) {
    out.push(`The series' slices are ${tags.SliceThickness} mm thick; the model is for ${range.min}-${range.max} mm.`);
  }
  if (use.contrast === 'without' && tags.ContrastBolusAgent !== null) out.push(`The series was acquired with contrast (${tags.ContrastBolusAgent}); the model is for CT without contrast.`);
  if (use.contrast === 'with' && tags.ContrastBolusAgent === null) out.push('The series names no contrast agent; the model is for contrast-enhanced images.');
  return out;
}

/** Warnings for a series against a model's intended use; `image` null when no image check applies. */
export function checkIntendedUse(use: IntendedUse, tags: SeriesTags, image: ImageFigures | null): IntendedUseCheck {
  const check = imageCheckFor(use);
  const warnings = [...tagWarnings(use, tags), ...(check && image ? check.warnings(image) : [])];
  return { warnings, tags, image: check ? image : null };
}
