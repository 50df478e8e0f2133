// Defaults that come from the target itself, the same with or without a terminal.
import { basename } from 'node:path';
import { detectGoModule } from './detect.js';

/** `Billing_API` → `billing-api`: a suggestion, never applied silently. */
export function toValidLabel(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 52)
    .replace(/-+$/, '');
}

/** The app name a run offers when none is given: the target directory's name as a DNS label. */
export const defaultAppName = (target: string): string | undefined => toValidLabel(basename(target)) || undefined;

/**
 * Without a terminal, a missing `app` takes the same default a prompt would offer, and the run says
 * so (one line on stderr). Anything else missing stays an error naming the field.
 */
export function withNonInteractiveDefaults(raw: Record<string, unknown>, target: string, stderr: { write(s: string): unknown }): Record<string, unknown> {
  const out = withGoModule(raw, target);
  if (out.app !== undefined) return out;
  const app = defaultAppName(target);
  if (!app) return out;
  stderr.write(`app: not given; using "${app}" from the directory name (pass --app NAME to choose another)\n`);
  return { ...out, app };
}

/** A Go app in a directory with a go.mod: generated imports use its module path unless goModule was given. */
export function withGoModule(raw: Record<string, unknown>, target: string): Record<string, unknown> {
  if (raw.goModule !== undefined || !Array.isArray(raw.languages) || !raw.languages.includes('go')) return raw;
  const goModule = detectGoModule(target);
  return goModule ? { ...raw, goModule } : raw;
}
