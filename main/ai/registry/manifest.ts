// The model manifest (models/<id>/manifest.json): what a model is, what it takes and yields, how its
// input is prepared and its output cleaned, and what it is for. Parsed strictly: an unknown key (a typo
// such as "overlapp") is an error, and every error names the field at fault, e.g.
// "manifest.json: slidingWindow.overlap: must be between 0 and 0.9".
import { z } from 'zod';
import { AppError } from '../../errors.ts';

const TASKS = ['segmentation-2d', 'segmentation-3d', 'classification', 'variant-scoring'] as const;
const DTYPES = ['float32', 'float16', 'float64', 'int8', 'uint8', 'int32', 'int64', 'bool'] as const;

const text = z.string().trim().min(1, 'must not be empty');
const positive = z.number().positive('must be greater than 0');

/** A tensor of the graph: a dimension is a size (>= 1) or a symbolic name ('batch', 'depth'). */
const tensorSpec = z.strictObject({
  name: text,
  shape: z.array(z.union([z.number().int().min(1, 'a fixed dimension must be at least 1'), text])).min(1, 'must have at least one dimension'),
  dtype: z.enum(DTYPES),
});

/** Patient axes an image is resampled to, one letter per axis (x, y, z): 'LPS' (DICOM), 'RAS' (NIfTI). */
const orientation = z.string().refine((o) => /^[LR][AP][IS]$|^[LR][IS][AP]$|^[AP][LR][IS]$|^[AP][IS][LR]$|^[IS][LR][AP]$|^[IS][AP][LR]$/.test(o), 'must be three axis letters, one of L/R, A/P and I/S each (e.g. LPS, RAS)');

const preprocessing = z.strictObject({
  orientation,
  /** mm per voxel along x, y, z after resampling; null keeps the series' own spacing. */
  targetSpacingMm: z.tuple([positive, positive, positive]).nullable(),
  /** Stored values (HU for CT) clipped to [lower, upper] before normalisation; null: no clipping. */
  intensityWindow: z.strictObject({ lower: z.number(), upper: z.number() })
    .refine((w) => w.lower < w.upper, { message: 'lower must be below upper', path: ['upper'] }).nullable(),
  normalisation: z.enum(['minmax', 'zscore', 'none']),
});

const slidingWindow = z.strictObject({
  /** Voxels per patch, in the input's spatial axis order (2 for 2D, 3 for 3D). */
  patchSize: z.array(z.number().int().min(1, 'each size must be at least 1')).min(2, 'must have 2 or 3 sizes').max(3, 'must have 2 or 3 sizes'),
  overlap: z.number().min(0, 'must be between 0 and 0.9').max(0.9, 'must be between 0 and 0.9'),
  blending: z.enum(['gaussian', 'constant']),
});

const label = z.strictObject({
  value: z.number().int().min(0, 'must be a whole number >= 0'),
  name: text,
  color: z.tuple([0, 0, 0].map(() => z.number().int().min(0, 'must be 0..255').max(255, 'must be 0..255')) as [z.ZodNumber, z.ZodNumber, z.ZodNumber]),
});

const postprocessing = z.strictObject({
  decision: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('argmax') }),
    z.strictObject({ type: z.literal('threshold'), value: z.number() }),
  ]),
  /** Keep only the largest 3D component: of every label (true), of the listed label values, or none. */
  largestConnectedComponent: z.union([z.boolean(), z.array(z.number().int().min(0))]),
  fillHoles: z.boolean(),
  /** Connected regions of a label smaller than this (mm^3) are dropped as noise, never findings. */
  minRegionMm3: z.number().min(0, 'must be 0 or more').optional(),
});

const intendedUse = z.strictObject({
  /** DICOM Modality values (CT, MR, ...). */
  modality: z.array(z.string().regex(/^[A-Z0-9]{2,16}$/, 'must be a DICOM Modality value such as CT')).min(1, 'must name at least one modality'),
  /** DICOM Body Part Examined values (CHEST, HEAD, ...). */
  bodyPart: z.array(text).min(1, 'must name at least one body part'),
  sliceThicknessMm: z.strictObject({ min: positive, max: positive }).refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['max'] }).nullable(),
  contrast: z.enum(['with', 'without', 'any']),
});

/**
 * How a biomarker is computed when no model-specific pipeline does it: per connected region of a
 * segmentation's labels, its volume (unit mL), mean voxel value (the image's unit, HU for CT) or longest
 * diameter (mm). Without it the model's own pipeline must compute the biomarker.
 */
export const REGION_MEASURES = ['region-volume', 'region-mean', 'region-longest-diameter'] as const;

const biomarker = z.strictObject({ name: text, unit: text, description: text, measure: z.enum(REGION_MEASURES).optional() });

/** A variant-scoring model's input: the genome build its features are computed on, and the feature vector's columns in order. */
const variantScoring = z.strictObject({
  genomeBuild: z.enum(['GRCh37', 'GRCh38']),
  features: z.array(text).min(1, 'must list at least one feature'),
});

export const manifestSchema = z.strictObject({
  /** Also the folder name in the data directory: lower-case letters, digits, '.', '_' and '-'. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit'),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/, 'must be 1-32 letters, digits, ".", "+" or "-"'),
  name: text.optional(),
  /** sha256 of model.onnx, lower-case hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (the sha256 of model.onnx)'),
  task: z.enum(TASKS),
  inputs: z.array(tensorSpec).min(1, 'must list at least one input'),
  outputs: z.array(tensorSpec).min(1, 'must list at least one output'),
  preprocessing: preprocessing.nullable(),
  slidingWindow: slidingWindow.nullable(),
  labels: z.array(label),
  postprocessing: postprocessing.nullable(),
  /** The imaging it is for; null only for a variant-scoring model (which has variantScoring instead). */
  intendedUse: intendedUse.nullable(),
  biomarkers: z.array(biomarker),
  variantScoring: variantScoring.optional(),
}).superRefine((m, ctx) => {
  if (m.task !== 'variant-scoring' && m.intendedUse === null) ctx.addIssue({ code: 'custom', path: ['intendedUse'], message: `is required for a ${m.task} model` });
  if (m.task === 'variant-scoring' && !m.variantScoring) ctx.addIssue({ code: 'custom', path: ['variantScoring'], message: 'is required for a variant-scoring model (genome build and feature list)' });
  const width = m.inputs[0]?.shape.at(-1);
  if (m.variantScoring && width !== m.variantScoring.features.length) {
    ctx.addIssue({ code: 'custom', path: ['inputs', 0, 'shape'], message: `must end in the number of features (${m.variantScoring.features.length})` });
  }
  const segmentation = m.task.startsWith('segmentation');
  if (segmentation && m.preprocessing === null) ctx.addIssue({ code: 'custom', path: ['preprocessing'], message: 'is required for a segmentation model' });
  if (segmentation && m.postprocessing === null) ctx.addIssue({ code: 'custom', path: ['postprocessing'], message: 'is required for a segmentation model' });
  if (segmentation && m.labels.length === 0) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'must list the labels of a segmentation model' });
  const dims = m.task === 'segmentation-3d' ? 3 : m.task === 'segmentation-2d' ? 2 : null;
  if (dims !== null && m.slidingWindow !== null && m.slidingWindow.patchSize.length !== dims) {
    ctx.addIssue({ code: 'custom', path: ['slidingWindow', 'patchSize'], message: `must have ${dims} sizes for ${m.task}` });
  }
  const values = new Set<number>();
  m.labels.forEach((l, i) => {
    if (values.has(l.value)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'value'], message: `${l.value} is used by two labels` });
    values.add(l.value);
  });
  const lcc = m.postprocessing?.largestConnectedComponent;
  if (Array.isArray(lcc)) lcc.forEach((v, i) => {
    if (!values.has(v)) ctx.addIssue({ code: 'custom', path: ['postprocessing', 'largestConnectedComponent', i], message: `${v} is not a label value` });
  });
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ModelTask = ModelManifest['task'];

/** "slidingWindow.overlap", "labels[1].color[2]". */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

function issueText(issue: z.core.$ZodIssue): string {
  const field = fieldOf(issue.path) || '(top level)';
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${field}: is missing`;
  if (issue.code === 'unrecognized_keys') return `${field === '(top level)' ? '' : `${field}: `}unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${field}: ${issue.message}`;
}

/** The manifest in `json`, or an AppError 'model-manifest-invalid' naming each field at fault. */
export function parseManifest(json: string, label = 'manifest.json'): ModelManifest {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new AppError('model-manifest-invalid', `${label}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map(issueText);
  const more = parsed.error.issues.length > 5 ? `; and ${parsed.error.issues.length - 5} more` : '';
  throw new AppError('model-manifest-invalid', `${label}: ${issues.join(`; ${label}: `)}${more}`);
}
