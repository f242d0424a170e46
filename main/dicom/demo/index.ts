// The synthetic demo case: a CT chest phantom written as a real DICOM series.
export { generateDemoCase, DEMO_PATIENT_ID, DEMO_GEOMETRY, PHANTOM_ANATOMY, PHANTOM_HU } from './phantom.ts';
