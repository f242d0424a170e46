// dcmjs ships no types: the part of its API Precis uses (naturalized data sets in, Part 10 bytes out).
declare module 'dcmjs' {
  /** A data set keyed by DICOM keywords (dcmjs' "naturalized" form); a sequence is an array of them. */
  export type NaturalizedDataset = Record<string, unknown>;
  /** A data set keyed by tag ('00100010'), each { vr, Value }: what DicomDict writes. */
  export type DenaturalizedDataset = Record<string, unknown>;

  export interface DicomDictInstance {
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    /** The Part 10 file: preamble, "DICM", the meta group, the data set in the meta's transfer syntax. */
    write(options?: Record<string, unknown>): ArrayBuffer;
  }

  const dcmjs: {
    data: {
      DicomDict: new (meta: DenaturalizedDataset) => DicomDictInstance;
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
        naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
      };
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string | null }): DicomDictInstance;
      };
    };
  };
  export default dcmjs;
}
