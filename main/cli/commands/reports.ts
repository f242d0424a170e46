// `precis reports`: the measurements kept from DICOM SR measurement reports (TID 1500) an import attached
// to a patient's case (those that did not become annotations again).
import type { ImportedReport, MeasurementModifier } from '../../../preload/api.ts';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { findCase } from '../../services/findCase.ts';
import { listMeasurementReports } from '../../services/measurementReports.ts';

function patientOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new AppError('usage', 'precis reports needs --patient: a PatientID or case id.');
  return value;
}

const modifierText = (m: MeasurementModifier): string => `${m.name.meaning}: ${typeof m.value === 'string' ? m.value : m.value.meaning}`;

/** One row per kept measurement, in the shape the README documents. */
function rowsOf(reports: ImportedReport[]): Array<Record<string, unknown>> {
  return reports.flatMap((r) => r.measurements.map((m) => ({
    reportSOPInstanceUID: r.SOPInstanceUID,
    group: m.group,
    trackingIdentifier: m.trackingIdentifier,
    trackingUniqueIdentifier: m.trackingUniqueIdentifier,
    finding: m.finding?.meaning ?? null,
    findingSite: m.findingSite?.meaning ?? null,
    name: m.name.meaning,
    nameCode: m.name,
    value: m.value,
    unit: m.unit?.value ?? null,
    unitMeaning: m.unit?.meaning ?? null,
    modifiers: m.modifiers.map((x) => ({ name: x.name.meaning, value: typeof x.value === 'string' ? x.value : x.value.meaning })),
  })));
}

export const reportsCommand: CliCommand = {
  name: 'reports',
  summary: 'list the measurements kept from DICOM SR measurement reports imported into a patient\'s case',
  flags: { patient: { type: 'string' } },
  flagHelp: ['--patient ID   the patient: case id or PatientID'],
  jsonShape: '[{ reportSOPInstanceUID, group, trackingIdentifier, trackingUniqueIdentifier, finding, findingSite, name, nameCode, value, unit, unitMeaning, modifiers: [{ name, value }] }]',
  async run({ values, json, openCore }) {
    const patient = patientOf(values.patient);
    const core = await openCore();
    const reports = listMeasurementReports(core, findCase(core.library, patient));
    if (json) {
      process.stdout.write(`${JSON.stringify(rowsOf(reports))}\n`);
      return 0;
    }
    for (const r of reports) {
      process.stdout.write(`${r.title} ${r.SOPInstanceUID}${r.observer ? ` by ${r.observer}` : ''}: ${r.groups} group(s), ${r.annotations} as annotations, ${r.measurements.length} measurement(s) kept\n`);
      for (const m of r.measurements) {
        const value = m.value === null ? 'no value' : `${m.numericValue ?? m.value} ${m.unit?.meaning ?? ''}`.trim();
        const modifiers = m.modifiers.length > 0 ? ` (${m.modifiers.map(modifierText).join('; ')})` : '';
        process.stdout.write(`  ${m.group}${m.trackingIdentifier ? ` "${m.trackingIdentifier}"` : ''} ${m.name.meaning}: ${value}${modifiers}\n`);
      }
    }
    if (reports.length === 0) process.stdout.write('no measurement reports\n');
    return 0;
  },
};
