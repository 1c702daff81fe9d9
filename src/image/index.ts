/** The image stage: path safety, probing, embedded metadata, deep checks, normalization, copy cache. */
export { resolveCollectionPath, type ResolvedPath } from "./resolve-path.js";
export { probeImage, type ProbeOptions, type ProbeResult } from "./probe.js";
export { emptyEmbeddedMetadata, type EmbeddedMetadata, type ImageProbe } from "./types.js";
export {
  classifyEmbeddedRights,
  compareEmbedded,
  COMPARE_EMBEDDED_DEFAULTS,
  distanceKm,
  fillFromEmbedded,
  type CompareEmbeddedOptions,
  type MappedForComparison,
  type RightsClaim,
} from "./compare-embedded.js";
export { deepCheckImage, type DeepCheckOptions } from "./deep-check.js";
export {
  normalizeCacheOptions,
  normalizeImage,
  NORMALIZE_DEFAULTS,
  NORMALIZE_VERSION,
  type NormalizedCopy,
  type NormalizeFailure,
  type NormalizeOptions,
  type NormalizeResult,
} from "./normalize.js";
export { emptyEmbedFields, rightsMarkedFor, type EmbedFields } from "./embed-fields.js";
export { createCopyCache, stableStringify, type CopyCache, type CopyCacheOptions } from "./copy-cache.js";
export { readEmbeddedMetadata } from "./read-embedded.js";
export { sniffFileType, type Sniffed, type SniffClass } from "./sniff.js";
export type { SharpModule } from "./sharp-module.js";
