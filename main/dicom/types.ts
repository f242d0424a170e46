// What import reads from a DICOM header (stopping before the pixel data). DICOM keywords as names.

export interface PatientHeader {
  PatientID: string;
  /** Person Name as decoded text, components separated by '^'. */
  PatientName: string;
  PatientBirthDate: string;
  PatientSex: string;
}

export interface StudyHeader {
  StudyInstanceUID: string;
  StudyDate: string;
  StudyTime: string;
  StudyDescription: string;
  AccessionNumber: string;
}

export interface SeriesHeader {
  SeriesInstanceUID: string;
  Modality: string;
  SeriesNumber: number | null;
  SeriesDescription: string;
}

export interface InstanceHeader {
  SOPInstanceUID: string;
  SOPClassUID: string;
  InstanceNumber: number | null;
  TransferSyntaxUID: string;
  Rows: number;
  Columns: number;
  NumberOfFrames: number;
  BitsAllocated: number;
  BitsStored: number;
  PixelRepresentation: number;
  SamplesPerPixel: number;
  PhotometricInterpretation: string;
  hasPixelData: boolean;
  /** JPEG 2000 only: whether the codestream declares signed samples; null when unknown or not J2K. */
  codestreamSigned: boolean | null;
  ImagePositionPatient: number[] | null;
  ImageOrientationPatient: number[] | null;
  SliceLocation: number | null;
  /** (0028,0030): row spacing then column spacing, mm; null when absent. */
  PixelSpacing: [number, number] | null;
}

export interface DicomHeader {
  /** (0002,0002) from the meta header: tells a DICOMDIR (1.2.840.10008.1.3.10) from an instance. */
  MediaStorageSOPClassUID: string;
  patient: PatientHeader;
  study: StudyHeader;
  series: SeriesHeader;
  instance: InstanceHeader;
}
