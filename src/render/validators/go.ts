// config/config.go (envconfig struct + the shared checks) and the runnable example cmd/<app>/main.go.
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import { goFieldNames } from '../identifiers.js';
import type { RenderedFile } from '../types.js';
import { validatorKeys, type ValidatorKey } from './keys.js';
import { keyView, sharedView } from './view.js';

export const GO_CONFIG_PATH = 'config/config.go';
export const goMainPath = (m: Model): string => `cmd/${m.app}/main.go`;

const GO_TYPES = { string: 'string', enum: 'string', int: 'int', bool: 'bool' } as const;

/** The Go expression Config.String() prints for a field: secrets never, config values quoted or formatted. */
function shown(k: ValidatorKey, field: string): string {
  if (k.kind === 'required') return k.sensitive ? 'redacted' : `strconv.Quote(c.${field})`;
  if (k.type === 'int') return `strconv.Itoa(c.${field})`;
  if (k.type === 'bool') return `strconv.FormatBool(c.${field})`;
  return `strconv.Quote(c.${field})`;
}

export function renderGoValidator(m: Model): RenderedFile[] {
  const names = goFieldNames(m);
  const keys = validatorKeys(m).map((k) => {
    const name = names.get(k.env)!;
    return { ...keyView(k), name, goType: k.kind === 'config' ? GO_TYPES[k.type] : 'string', show: shown(k, name) };
  });
  const config = renderTemplate('go/config.go.hbs', { ...sharedView(m), keys });
  const main = renderTemplate('go/main.go.hbs', { app: m.app, configImport: `${m.goModule}/config`, okFormat: `${m.app}: environment OK: %v\n` });
  return [
    { path: GO_CONFIG_PATH, content: config, strategy: { kind: 'whole' } },
    { path: goMainPath(m), content: main, strategy: { kind: 'whole' } },
  ];
}
