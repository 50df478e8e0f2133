// <pythonPackage>/config.py: the pydantic-settings startup check.
import type { Model } from '../../model.js';
import { renderTemplate } from '../engine.js';
import { pythonFieldNames } from '../identifiers.js';
import { CODE_REGION, type RenderedFile } from '../types.js';
import { validatorKeys } from './keys.js';
import { keyView, sharedView } from './view.js';

export const pythonValidatorPath = (m: Model): string => `${m.pythonPackage}/config.py`;

export function renderPythonValidator(m: Model): RenderedFile {
  const names = pythonFieldNames(m);
  const keys = validatorKeys(m).map((k) => ({ ...keyView(k), name: names.get(k.env)! }));
  const content = renderTemplate('python/config.py.hbs', { ...sharedView(m), pythonPackage: m.pythonPackage, keys });
  return { path: pythonValidatorPath(m), content, strategy: CODE_REGION };
}
