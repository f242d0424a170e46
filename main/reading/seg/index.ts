// DICOM Segmentation (issue 14): a SEG read into one labelmap per segment (overlaps kept), and an
// accepted segmentation written as a BINARY SEG over its source series.
export { dicomLabToRgb, rgbToDicomLab, type Rgb } from './cielab.ts';
export { readSegmentation } from './readSegmentation.ts';
export { LABEL_MAP_SEGMENTATION_STORAGE, SEGMENTATION_STORAGE } from './segTags.ts';
export { SegFormatError, type LabelmapGeometry, type ReadSegmentation, type SegFrame, type SegmentAlgorithm, type SegmentInfo, type SegmentLabelmap, type Vec3 } from './segTypes.ts';
export { segSourceOf, type SegSource, type SourceSlice } from './segSource.ts';
export { ARTIFICIAL_INTELLIGENCE, type AlgorithmIdentification, type SegmentToWrite } from './segmentItems.ts';
export { SEG_WRITER_VERSION, writeSegmentation, type SegmentationInput, type WrittenSegmentation } from './writeSegmentation.ts';
