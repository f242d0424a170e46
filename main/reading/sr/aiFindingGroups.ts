// Accepted AI findings in the measurement report: one TID 1500 Measurement Group per finding a clinician
// accepted (a proposed or rejected finding is never written: acceptedAiFindings is the one filter),
// naming what it is (Finding), the series the model segmented, and each of its biomarkers as a NUM with
// its UCUM unit, every NUM carrying the model's identification as TID 4019 prescribes (Algorithm Name,
// Algorithm Version, Algorithm Parameters, as HAS CONCEPT MOD of the measurement, TID 1419).
import { createHash } from 'node:crypto';
import type { BiomarkerValue, InferenceRun, ReviewedFinding } from '../../../preload/api.ts';
import type { CaseFile } from '../../library/caseFile.ts';
import { labelCodes } from '../seg/labelCodes.ts';
import { C, code, type Code } from './codes.ts';
import { codeItem, container, item, textItem, type ContentItem } from './contentItem.ts';
import { freeTextCode } from './findingCodes.ts';
import { ucumOf } from './units.ts';

export const TID4019 = {
  algorithmName: code('111001', 'DCM', 'Algorithm Name'),
  algorithmVersion: code('111003', 'DCM', 'Algorithm Version'),
  algorithmParameters: code('111002', 'DCM', 'Algorithm Parameters'),
} as const;

const SOURCE_SERIES = code('121232', 'DCM', 'Source series for image segmentation');
const VOLUME = code('118565006', 'SCT', 'Volume');

export interface AcceptedAiFinding {
  run: InferenceRun;
  finding: ReviewedFinding;
  /** The study of the run's input series, null when the case no longer lists it. */
  StudyInstanceUID: string | null;
}

/** Every accepted finding of the case's completed runs, oldest run first. */
export function acceptedAiFindings(caseFile: CaseFile, studyOfSeries: (SeriesInstanceUID: string) => string | null): AcceptedAiFinding[] {
  return caseFile.inference.list().filter((run) => run.status === 'done').flatMap((run) => {
    const StudyInstanceUID = run.SeriesInstanceUIDs[0] ? studyOfSeries(run.SeriesInstanceUIDs[0]) : null;
    return caseFile.inference.reviewedFindings(run.runId).filter((f) => f.review === 'accepted').map((finding) => ({ run, finding, StudyInstanceUID }));
  });
}

/** A stable 2.25 UID for a finding, so exports of the same finding track it as one. */
const findingUid = (findingId: string): string => `2.25.${BigInt(`0x${createHash('sha256').update(`precis-finding:${findingId}`).digest('hex').slice(0, 32)}`).toString()}`;

const conceptOf = (m: BiomarkerValue): Code => (/(^|\s)volume$/i.test(m.name) ? VOLUME : freeTextCode(m.name));

/** Algorithm Parameters (TID 4019; the SEG's too): the model's sha256 and what the run was set to. */
export function algorithmParameters(run: InferenceRun): string {
  return `model sha256 ${run.model.sha256}; run ${run.runId}; parameters ${JSON.stringify(run.parameters)}`.slice(0, 10240);
}

/** TID 4019 as HAS CONCEPT MOD items. */
export function algorithmIdentification(run: InferenceRun): ContentItem[] {
  const parameters = algorithmParameters(run);
  return [
    textItem('HAS CONCEPT MOD', 'TEXT', TID4019.algorithmName, run.model.id),
    textItem('HAS CONCEPT MOD', 'TEXT', TID4019.algorithmVersion, run.model.version),
    textItem('HAS CONCEPT MOD', 'TEXT', TID4019.algorithmParameters, parameters),
  ];
}

export function aiFindingGroup({ run, finding }: AcceptedAiFinding): ContentItem {
  const series = run.SeriesInstanceUIDs[0];
  const children: ContentItem[] = [
    textItem('HAS OBS CONTEXT', 'TEXT', C.trackingIdentifier, finding.label),
    textItem('HAS OBS CONTEXT', 'UIDREF', C.trackingUid, findingUid(finding.findingId)),
    codeItem('CONTAINS', C.finding, labelCodes(finding.label).type),
    ...(series ? [textItem('CONTAINS', 'UIDREF', SOURCE_SERIES, series)] : []),
    ...finding.measurements.map((m) => item('CONTAINS', 'NUM', conceptOf(m), { value: m.value, numeric: null, unit: ucumOf(m.unit) }, algorithmIdentification(run))),
  ];
  return container('CONTAINS', C.measurementGroup, children);
}
