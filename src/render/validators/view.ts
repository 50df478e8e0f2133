// What the validator templates read: the shared constants and each key in one uniform shape.
import { BOOL_FALSE, BOOL_TRUE, INT_MAX, INT_MIN, type ConfigKey, type Model } from '../../model.js';
import { BOOL_RULE, INT_RULE, REPORT_HEADER, REQUIRED_RULE, type ValidatorKey } from './keys.js';

/** The constants every validator template prints, so the three languages say the same thing. */
export function sharedView(m: Model) {
  return {
    app: m.app,
    header: REPORT_HEADER,
    requiredRule: REQUIRED_RULE,
    intRule: INT_RULE,
    boolRule: BOOL_RULE,
    intMin: INT_MIN,
    intMax: INT_MAX,
    boolTrue: BOOL_TRUE,
    boolFalse: BOOL_FALSE,
  };
}

/** Which kinds of keys occur, so a template can leave out helpers nobody calls (noUnusedLocals). */
export function kindsPresent(keys: ValidatorKey[]) {
  const has = (t: ConfigKey['type']) => keys.some((k) => k.kind === 'config' && k.type === t);
  return { required: keys.some((k) => k.kind === 'required'), text: has('string'), int: has('int'), bool: has('bool'), enum: has('enum') };
}

/**
 * One key in the shape the templates read. Handlebars runs in strict mode, so every key carries
 * every field; the ones its kind does not use are neutral.
 */
export function keyView(k: ValidatorKey) {
  if (k.kind === 'required') {
    return { ...k, required: true, type: 'string' as const, values: [] as string[], fallback: '', defaultText: '', reason: '', invalid: k.tooShort, longer: k.minLength > 1 };
  }
  return { ...k, required: false, sensitive: false, minLength: 0, tooShort: '', longer: false, invalid: k.invalid ?? '' };
}
