export { Library, patientKeyOf } from './library.ts';
export { CaseFile, sortForDisplay, type SeriesBatch, type StoredInstance } from './caseFile.ts';
export { openEncryptedDb, type Db } from './db.ts';
