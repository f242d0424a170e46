// `precis annotations --patient <id>`: what readers drew on a patient's images, in patient coordinates.
import type { AnnotationRecord } from '../../../preload/api.ts';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { listAnnotations } from '../../services/annotations.ts';
import { findPatient } from '../../services/reading.ts';

/** The --json shape issue 13 fixes (names as it spells them). */
function jsonOf(a: AnnotationRecord): Record<string, unknown> {
  return {
    annotationUID: a.annotationUID,
    tool: a.tool,
    sopInstanceUID: a.SOPInstanceUID,
    frame: a.frame,
    seriesInstanceUID: a.SeriesInstanceUID,
    studyInstanceUID: a.StudyInstanceUID,
    frameOfReferenceUID: a.FrameOfReferenceUID,
    points: a.points,
    stats: a.stats,
    label: a.label,
    finding: a.finding,
    author: a.author,
    createdAt: a.createdAt,
    modifiedBy: a.modifiedBy,
    modifiedAt: a.modifiedAt,
  };
}

const mm = (p: readonly number[]): string => `(${p.map((v) => v.toFixed(2)).join(', ')})`;

function statsText(stats: AnnotationRecord['stats']): string {
  return Object.entries(stats)
    .filter(([key, value]) => !key.endsWith('Unit') && value !== null)
    .map(([key, value]) => `${key} ${typeof value === 'number' ? Number(value.toFixed(2)) : value}${stats[`${key}Unit`] ? ` ${stats[`${key}Unit`]}` : ''}`)
    .join(', ');
}

export const annotationsCommand: CliCommand = {
  name: 'annotations',
  summary: "list a patient's measurements and annotations (points in mm, patient coordinates)",
  flags: { patient: { type: 'string' } },
  flagHelp: ['--patient ID   the patient: case id or PatientID'],
  jsonShape: '[{ annotationUID, tool, sopInstanceUID, frame, seriesInstanceUID, studyInstanceUID, frameOfReferenceUID, points: [[x, y, z] mm], stats, label, finding: { label, location, target } | null, author, createdAt, modifiedBy, modifiedAt }]',
  async run({ values, json, openCore }) {
    const patient = typeof values.patient === 'string' ? values.patient : '';
    if (!patient) throw new AppError('usage', 'precis annotations needs --patient: a case id or PatientID.');
    const core = await openCore();
    const match = findPatient(core, patient);
    const annotations = listAnnotations(core, match.caseId);
    if (json) process.stdout.write(`${JSON.stringify(annotations.map(jsonOf))}\n`);
    else {
      for (const a of annotations) {
        const where = a.SOPInstanceUID ? `image ${a.SOPInstanceUID}${a.frame && a.frame > 1 ? ` frame ${a.frame}` : ''}` : `frame of reference ${a.FrameOfReferenceUID}`;
        process.stdout.write(`${a.tool}${a.label ? ` "${a.label}"` : ''}: ${statsText(a.stats) || 'no measurement'}; ${where}; points ${a.points.map(mm).join(' ')}; by ${a.author} ${a.createdAt}\n`);
      }
      if (annotations.length === 0) process.stdout.write('no annotations\n');
    }
    return 0;
  },
};
