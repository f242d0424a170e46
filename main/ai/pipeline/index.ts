// The AI pipeline: volumes from series, sliding-window inference with an injected model run, connected
// components and hole filling, and the quantitative CT lung biomarkers. Plain Node, no Electron, no UI.
export type { Vec3, Volume } from './volume.ts';
export { patientPosition, voxelCount, voxelMillilitres } from './volume.ts';
export { stackSlices, type SliceHeader, type StackResult, type VolumeGrid } from './sliceStack.ts';
export { readSeriesVolume, sliceHu, SeriesVolumeError, type InstanceSource, type ReadSeriesOptions } from './readSeries.ts';
export { channelBit, patchStarts, slidingWindow, type PatchShape, type RunPatch, type SlidingWindowOptions } from './slidingWindow.ts';
export { createOnnxPatchRunner, sessionPatchRunner, type OnnxPatchRunner, type OnnxRunnerOptions } from './onnxRunner.ts';
export { connectedComponents, fillHolesPerSlice, maskRuns, paintComponent, type Box, type Component, type Labelled, type Runs } from './components.ts';
export { removeAirways } from './airways.ts';
export { lungMask, type LungMask } from './lungPostprocess.ts';
export { asBiomarkers, lungBiomarkers, LEFT_LUNG, RIGHT_LUNG, type Biomarker, type LungBiomarkers } from './biomarkers.ts';
export { runLungEmphysema, splitChannels, type LungEmphysemaResult, type LungEmphysemaSettings } from './lungEmphysema.ts';
