// The manifest's file name, on its own so code on the way to the first prompt can look for the file
// without loading manifest.ts (yaml and zod, ~25 ms of a cold start).
export const MANIFEST_PATH = '.mosaic-secrets.yaml';
