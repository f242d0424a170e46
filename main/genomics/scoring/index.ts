// Variant scoring (issue 15, item 5): the features of any variant, and the ranking model over them.
// scoreVariants loads onnxruntime: import it from './scoreVariants.ts' only where a model runs (a worker).
export { CONSEQUENCE_FEATURES, FEATURE_NAMES, variantFeatures, type FeatureName } from './variantFeatures.ts';
