// The dependency files the generated code needs to build and run: go.mod + go.sum for Go (created
// when the target has none, merged into an existing one), and the one dependency line Python and
// TypeScript need, added to pyproject.toml / package.json only when the target already has one.
// Versions are the ones the toolchain tests run against (.ci/setup-toolchains).
import type { Model } from '../model.js';
import { renderTemplate } from './engine.js';
import type { RenderedFile } from './types.js';

/** A dependency of the generated code, per language: what to add, and the command to install it by hand. */
export interface Requirement {
  name: string;
  /** pip / npm specifier. */
  spec: string;
}

/** Go: a Direct-Vault app's client pulls in vault/api + approle besides envconfig. */
const goView = (m: Model) => ({ module: m.goModule, vaultClient: m.directVault !== null });

export const PYTHON_REQUIREMENTS = (m: Model): Requirement[] => [
  { name: 'pydantic-settings', spec: 'pydantic-settings>=2,<3' },
  ...(m.directVault ? [{ name: 'hvac', spec: 'hvac>=2,<3' }] : []),
];
export const TYPESCRIPT_REQUIREMENTS = (): Requirement[] => [{ name: 'zod', spec: '^4.0.0' }];

export function renderDependencyFiles(m: Model): RenderedFile[] {
  const out: RenderedFile[] = [];
  if (m.languages.includes('go')) {
    out.push({ path: 'go.mod', content: renderTemplate('go/go.mod.hbs', goView(m)), strategy: { kind: 'deps', format: 'go.mod' } });
    out.push({ path: 'go.sum', content: renderTemplate('go/go.sum.hbs', goView(m)), strategy: { kind: 'deps', format: 'go.sum' } });
  }
  if (m.languages.includes('python')) {
    const content = `${PYTHON_REQUIREMENTS(m).map((r) => r.spec).join('\n')}\n`;
    out.push({ path: 'pyproject.toml', content, strategy: { kind: 'deps', format: 'pyproject', onlyIfPresent: true } });
  }
  if (m.languages.includes('typescript')) {
    const content = `${JSON.stringify(Object.fromEntries(TYPESCRIPT_REQUIREMENTS().map((r) => [r.name, r.spec])), null, 2)}\n`;
    out.push({ path: 'package.json', content, strategy: { kind: 'deps', format: 'package.json', onlyIfPresent: true } });
  }
  return out;
}
