// The coded concepts of a TID 1500 Measurement Report as this writer uses them (PS3.16: DCM codes,
// current SNOMED CT (SCT) codes where the templates name SCT, UCUM units), and the one private coding
// scheme, 99PRECIS, for what no standard code says (a label typed by a reader, the Precis annotation
// item). Readers also know the retired SRT codes older reports (dcmqi, PixelMed) use.

export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

export const code = (value: string, scheme: string, meaning: string): Code => ({ value, scheme, meaning });

/** Same concept: code value and scheme (meanings vary between producers and releases). */
export const sameCode = (a: Code | null | undefined, b: Code): boolean => !!a && a.value === b.value && a.scheme === b.scheme;

export const PRIVATE_SCHEME = '99PRECIS';

export const C = {
  imagingMeasurementReport: code('126000', 'DCM', 'Imaging Measurement Report'),
  language: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  englishUS: code('en-US', 'RFC5646', 'English (United States)'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  person: code('121006', 'DCM', 'Person'),
  personObserverName: code('121008', 'DCM', 'Person Observer Name'),
  procedureReported: code('121058', 'DCM', 'Procedure reported'),
  imagingProcedure: code('363679005', 'SCT', 'Imaging procedure'),
  ctProcedure: code('25045-6', 'LN', 'CT unspecified body region'),
  mrProcedure: code('25056-3', 'LN', 'MRI unspecified body region'),
  imageLibrary: code('111028', 'DCM', 'Image Library'),
  imageLibraryGroup: code('126200', 'DCM', 'Image Library Group'),
  frameOfReferenceUid: code('112227', 'DCM', 'Frame of Reference UID'),
  imagingMeasurements: code('126010', 'DCM', 'Imaging Measurements'),
  measurementGroup: code('125007', 'DCM', 'Measurement Group'),
  trackingIdentifier: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  finding: code('121071', 'DCM', 'Finding'),
  findingSite: code('363698007', 'SCT', 'Finding Site'),
  findingSiteSrt: code('G-C0E3', 'SRT', 'Finding Site'),
  imageRegion: code('111030', 'DCM', 'Image Region'),
  sourceOfMeasurement: code('121112', 'DCM', 'Source of Measurement'),
  derivation: code('121401', 'DCM', 'Derivation'),
  comment: code('121106', 'DCM', 'Comment'),
  /** Precis' own item: what the standard items do not carry (tool, view, text box; see descriptor.ts). */
  precisAnnotation: code('ANNOTATION', PRIVATE_SCHEME, 'Precis annotation'),
} as const;

/** The private scheme as the Coding Scheme Identification Sequence declares it. */
export const PRIVATE_SCHEME_NAME = 'Precis workstation annotations';
