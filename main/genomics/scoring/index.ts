// Variant scoring (issue 15, item 5): the features of any variant, and the ranking model over them.
// The model runs in main/services/scoreVariants.ts (it loads onnxruntime: only where a model runs, a worker).
export { CONSEQUENCE_FEATURES, FEATURE_NAMES, variantFeatures, type FeatureName } from './variantFeatures.ts';
