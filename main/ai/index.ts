// Local AI (issue 14): the model registry (manifests, folders, the imported copies and their hash
// checks) and the onnxruntime session loader. The session loader is a separate import
// (main/ai/runtime/session.ts) so that code listing or importing models never loads the native runtime.
export { manifestSchema, parseManifest, type ModelManifest, type ModelTask } from './registry/manifest.ts';
export { externalDataFiles, externalDataRefs } from './registry/onnxExternalData.ts';
export { checkManifestHash, readModelFolder, sha256Of, MANIFEST, MODEL_CARD, MODEL_FILE, type ModelFolder } from './registry/modelFolder.ts';
export { checkImportable, discardStaged, installStaged, modelFoldersIn, modelsDir, stageCopy, storedFolder, verifyStoredModel, type VerifiedModel } from './registry/store.ts';
