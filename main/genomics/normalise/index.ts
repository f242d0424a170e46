// Normalisation of variants against a reference sequence.
export { normalise, type AlleleSpan, type Normalised } from './leftAlign.ts';
