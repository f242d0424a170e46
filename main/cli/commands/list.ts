import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { caseOverview, findPatient, searchAllPatients } from '../../services/reading.ts';

const SEARCH_LIMIT = 100_000;

export const patientsCommand: CliCommand = {
  name: 'patients',
  summary: 'list patients (--query TEXT to search name, ID or birth date)',
  flags: { query: { type: 'string' } },
  flagHelp: ['--query TEXT   every word must prefix a name part, the patient ID or the birth date'],
  jsonShape: '[{ caseId, PatientID, PatientName, PatientBirthDate, PatientSex, studyCount, seriesCount, instanceCount }]',
  async run({ values, json, openCore }) {
    const core = await openCore();
    const query = typeof values.query === 'string' ? values.query : '';
    const patients = searchAllPatients(core, query, SEARCH_LIMIT);
    if (json) process.stdout.write(`${JSON.stringify(patients)}\n`);
    else {
      for (const p of patients) {
        process.stdout.write(`${p.caseId}  ${p.PatientID || '-'}  ${p.PatientName || '(no name)'}  ${p.PatientBirthDate || '-'}  studies ${p.studyCount}, series ${p.seriesCount}, images ${p.instanceCount}\n`);
      }
      if (patients.length === 0) process.stdout.write('no patients\n');
    }
    return 0;
  },
};

export const seriesCommand: CliCommand = {
  name: 'series',
  params: '<patient>',
  summary: "list a patient's studies and series (case id or PatientID)",
  jsonShape: '{ patient, studies: [{ ...study, series: [...] }] }',
  async run({ args, json, openCore }) {
    const patient = args[0];
    if (!patient) throw new AppError('usage', 'precis series needs a patient: its case id or PatientID.');
    const core = await openCore();
    const match = findPatient(core, patient);
    const studies = caseOverview(core, match.caseId);
    if (json) process.stdout.write(`${JSON.stringify({ patient: match, studies })}\n`);
    else {
      for (const study of studies) {
        process.stdout.write(`study ${study.StudyDate || '-'} ${study.StudyDescription || '(no description)'} ${study.StudyInstanceUID}\n`);
        for (const s of study.series) {
          process.stdout.write(`  series ${s.SeriesNumber ?? '-'} ${s.Modality} ${s.SeriesDescription || '(no description)'}: ${s.instanceCount} images  ${s.SeriesInstanceUID}\n`);
        }
      }
    }
    return 0;
  },
};
