// Defaults that come from the target itself, the same with or without a terminal.
import { basename } from 'node:path';

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
  if (raw.app !== undefined) return raw;
  const app = defaultAppName(target);
  if (!app) return raw;
  stderr.write(`app: not given; using "${app}" from the directory name (pass --app NAME to choose another)\n`);
  return { ...raw, app };
}
