// src/env.ts: the zod startup check (TypeScript keys are the env names themselves).
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import { CODE_REGION, type RenderedFile } from '../types.js';
import { validatorKeys } from './keys.js';
import { keyView, kindsPresent, sharedView } from './view.js';

export const TS_VALIDATOR_PATH = 'src/env.ts';

export function renderTypescriptValidator(m: Model): RenderedFile {
  const keys = validatorKeys(m);
  const content = renderTemplate('typescript/env.ts.hbs', { ...sharedView(m), has: kindsPresent(keys), keys: keys.map(keyView) });
  return { path: TS_VALIDATOR_PATH, content, strategy: CODE_REGION };
}
