// DICOM Key Object Selection documents (issue 13, item 7): the key images of one study as a KOS file.
export { encodeKeyObjectSelection, KEY_OBJECT_SELECTION_STORAGE, newUid, type KeyObjectImage, type KeyObjectInput } from './keyObjectSelection.ts';
export { sourceStudyOf, type SourceStudy } from './sourceStudy.ts';
