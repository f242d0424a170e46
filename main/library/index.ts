export { Library, patientKeyOf } from './library.ts';
export { CaseFile } from './caseFile.ts';
export { sortForDisplay, type SeriesBatch, type StoredInstance } from './repositories/imaging.ts';
