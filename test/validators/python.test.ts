// The generated <pythonPackage>/config.py under the venv's pydantic-settings 2.x: one `python -m probe`
// per shared vector, plus `python -m config` itself and the reserved-name list checked against the
// installed pydantic-settings.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PY_BASESETTINGS_ATTRS, PY_RESERVED, pythonFieldNames } from '../../src/render/identifiers.js';
import { PREPARED, PYTHON, judge, tempDir, writeFile, writeGenerated, type Prepared } from './harness.js';
import type { Vector } from './vectors.js';

function pyType(k: Prepared['keys'][number]): string {
  if (k.kind === 'required') return k.sensitive ? 'SecretStr' : 'str';
  return k.type === 'int' ? 'int' : k.type === 'bool' ? 'bool' : 'str';
}

/** Prints code-point lengths of required values and typed config values; asserts each value's type. */
function probe(p: Prepared): string {
  const names = pythonFieldNames(p.model);
  const lines = ['import json', '', 'from pydantic import SecretStr', '', 'from config import load', '', 'settings = load()', 'out = {}'];
  for (const k of p.keys) {
    const attr = `settings.${names.get(k.env)}`;
    lines.push(`assert type(${attr}) is ${pyType(k)}, ${JSON.stringify(k.env)}`);
    lines.push(`out[${JSON.stringify(k.env)}] = ${pyType(k) === 'SecretStr' ? `len(${attr}.get_secret_value())` : k.kind === 'required' ? `len(${attr})` : attr}`);
  }
  // The JSON line first; then every way a Settings gets printed, which must show no secret.
  lines.push('print(json.dumps(out, ensure_ascii=False))', 'print(repr(settings))', 'print(settings)', 'print(settings.model_dump())', 'print(settings.model_dump_json())', '');
  return lines.join('\n');
}

let root = '';
let remove = () => {};
const packageDir = (p: Prepared) => join(root, p.set.name, p.model.pythonPackage);

beforeAll(() => {
  ({ dir: root, remove } = tempDir('py'));
  for (const p of PREPARED) {
    const [path] = writeGenerated(p, 'python', join(root, p.set.name));
    expect(path).toBe(`${p.model.pythonPackage}/config.py`);
    writeFile(join(packageDir(p), 'probe.py'), probe(p));
  }
});

afterAll(() => remove());

/** `python -m <module>` with the package dir importable, as the generated header documents. */
async function python(p: Prepared, args: string[], vector: Vector) {
  const env = { ...vector.env, PYTHONPATH: packageDir(p), PYTHONDONTWRITEBYTECODE: '1', PYTHONUTF8: '1' };
  const r = await execa(PYTHON, args, { cwd: join(root, p.set.name), env, extendEnv: false, reject: false, stripFinalNewline: false });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

describe.each(PREPARED.map((p) => ({ p, name: p.set.name })))('config.py, $name', ({ p }) => {
  it.each(p.vectors.map((v) => ({ v, name: v.name })))('$name', async ({ v }) => {
    judge(p, v, await python(p, ['-m', 'probe'], v));
  });

  it('python -m config: "environment OK" on success, the report and exit 1 on failure', async () => {
    const ok = p.vectors.find((v) => v.expect.ok)!;
    expect(await python(p, ['-m', 'config'], ok)).toEqual({ exitCode: 0, stdout: `${p.model.app}: environment OK\n`, stderr: '' });
    for (const bad of p.vectors.filter((v) => !v.expect.ok).slice(0, 1)) judge(p, bad, await python(p, ['-m', 'config'], bad));
  });
});

describe('config.py outside load()', () => {
  it('a ValidationError from Settings() itself never quotes a value (hide_input_in_errors)', async () => {
    const p = PREPARED.find((x) => x.set.name === 'reference')!;
    const v = p.vectors.find((x) => x.name.startsWith('rejects a 31-character secret'))!;
    const r = await python(p, ['-c', 'import config; config.Settings()'], v);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('ValidationError');
    expect(r.stderr).toContain('JWT_SECRET');
    expect(r.stderr).not.toContain(v.env.JWT_SECRET);
  });

  it('PY_RESERVED covers the installed BaseSettings attributes and Python keywords', async () => {
    const script = [
      'import json, keyword',
      'from pydantic_settings import BaseSettings',
      'print(json.dumps({"attrs": [n for n in dir(BaseSettings) if not n.startswith("_")], "keywords": keyword.kwlist}))',
    ].join('\n');
    const r = await execa(PYTHON, ['-c', script]);
    const { attrs, keywords } = JSON.parse(r.stdout) as { attrs: string[]; keywords: string[] };
    expect(attrs.filter((a) => !PY_BASESETTINGS_ATTRS.includes(a))).toEqual([]);
    // Keywords that a lowercased env name can spell (True/False/None cannot).
    expect(keywords.filter((k) => k === k.toLowerCase() && !PY_RESERVED.has(k))).toEqual([]);
  });
});
