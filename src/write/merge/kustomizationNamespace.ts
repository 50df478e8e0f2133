// The top-level `namespace:` of a kustomization.yaml: what the merge compares before it writes one,
// and what an existing overlay deploys to when the answers give it none (src/answers/detect.ts).
import { isMap, isScalar, parseDocument } from '../../lazyYaml.js';

/** Its value and where its text is; null when the kustomization declares none (or is not a mapping). */
export function namespaceOf(text: string): { value: string; range: [number, number] } | null {
  const doc = parseDocument(text, { version: '1.1' });
  const node = isMap(doc.contents) ? doc.contents.get('namespace', true) : undefined;
  return isScalar(node) && node.range ? { value: String(node.value), range: [node.range[0], node.range[1]] } : null;
}
