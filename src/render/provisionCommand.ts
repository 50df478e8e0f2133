// The hand-run `kv put` for the README: stdin JSON form with placeholders, never values.
import type { Model } from '../model.js';

export function provisionCommand(m: Model, bin = 'vault'): string {
  const placeholders = Object.fromEntries(m.secrets.map((s) => [s.property, `<${s.property}>`]));
  const json = JSON.stringify(placeholders, null, 2);
  const path = m.vault.pathNoMount;
  return [`${bin} kv put -cas=0 -mount=${m.vault.mount} ${path} - <<'JSON'`, json, 'JSON'].join('\n');
}
