// Seeded, deterministic merchant histories for the sandbox, tests and benchmarks.
export { generateDataset, type DatasetOptions, type GeneratedDataset } from './generate'
export { manifestDigest, type DatasetManifest } from './manifest'
export { KEYED_BUYERS, type DatasetBuyer } from './population'
export { createPrng, type Prng } from './prng'
export * from './shares'
