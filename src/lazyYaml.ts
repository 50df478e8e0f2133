// The `yaml` library, loaded on first use. A first render into a fresh repo reads, renders and
// records without it (src/answers/simpleYaml.ts, src/render/owned.ts, src/write/plainYaml.ts), so
// the write path calls these instead of importing `yaml` at the top: a module import would load and
// evaluate the whole library (~110 KB) on every run. Synchronous on purpose: the planner and the
// merges stay plain functions. The bundle swaps this module for one that require()s the single
// `yaml` file every other module of the bundle imports too (src/scripts/build.mjs), so nodes from
// either side are the same classes.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;
export const yaml = (): typeof Yaml => (lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export const parse: typeof Yaml.parse = ((...a: Parameters<typeof Yaml.parse>) => yaml().parse(...a)) as typeof Yaml.parse;
export const stringify: typeof Yaml.stringify = ((...a: Parameters<typeof Yaml.stringify>) => yaml().stringify(...a)) as typeof Yaml.stringify;
export const parseDocument: typeof Yaml.parseDocument = ((...a: Parameters<typeof Yaml.parseDocument>) => yaml().parseDocument(...a)) as typeof Yaml.parseDocument;
export const parseAllDocuments: typeof Yaml.parseAllDocuments = ((...a: Parameters<typeof Yaml.parseAllDocuments>) =>
  yaml().parseAllDocuments(...a)) as typeof Yaml.parseAllDocuments;
export const isMap: typeof Yaml.isMap = ((n: unknown) => yaml().isMap(n)) as typeof Yaml.isMap;
export const isSeq: typeof Yaml.isSeq = ((n: unknown) => yaml().isSeq(n)) as typeof Yaml.isSeq;
export const isScalar: typeof Yaml.isScalar = ((n: unknown) => yaml().isScalar(n)) as typeof Yaml.isScalar;
export const isPair: typeof Yaml.isPair = ((n: unknown) => yaml().isPair(n)) as typeof Yaml.isPair;
