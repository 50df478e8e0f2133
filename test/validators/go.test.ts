// The generated config/config.go and cmd/<app>/main.go under the real Go toolchain with envconfig
// v1.4.0: every key set in one module, so one gofmt, one go vet and one go build cover them all;
// then each built binary runs once per shared vector.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goFieldNames } from '../../src/render/identifiers.js';
import { PREPARED, judge, secretValues, tempDir, writeFile, writeGenerated, type Prepared } from './harness.js';

const MODULE = 'example.com/mosaictest';

function goType(k: Prepared['keys'][number]): string {
  if (k.kind === 'required') return 'string';
  return k.type === 'int' ? 'int' : k.type === 'bool' ? 'bool' : 'string';
}

/** Prints code-point lengths of required values and typed config values, then every fmt view of the Config. */
function probe(p: Prepared): string {
  const names = goFieldNames(p.model);
  const typed = p.keys.map((k, i) => `\tvar v${i} ${goType(k)} = cfg.${names.get(k.env)}`);
  const out = p.keys.map((k, i) => `\t\t${JSON.stringify(k.env)}: ${k.kind === 'required' ? `utf8.RuneCountInString(v${i})` : `v${i}`},`);
  return `package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"unicode/utf8"

	"${p.model.goModule}/config"
)

var _ = utf8.RuneCountInString // used below unless the key set has no required keys

func main() {
	cfg, err := config.Load()
	if err != nil {
		var invalid *config.ValidationError
		if !errors.As(err, &invalid) {
			fmt.Fprintln(os.Stderr, "not a wrapped *config.ValidationError")
			os.Exit(3)
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
${typed.join('\n')}
	out, err := json.Marshal(map[string]any{
${out.join('\n')}
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	fmt.Printf("%v\\n%+v\\n%#v\\n%s\\n%v\\n", cfg, cfg, cfg, *cfg, *cfg)
}
`;
}

let root = '';
let remove = () => {};
const generated: string[] = [];

const goEnv = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };

beforeAll(async () => {
  ({ dir: root, remove } = tempDir('go'));
  writeFile(join(root, 'go.mod'), `module ${MODULE}\n\ngo 1.22\n\nrequire github.com/kelseyhightower/envconfig v1.4.0\n`);
  for (const p of PREPARED) {
    expect(p.model.goModule).toBe(`${MODULE}/${p.set.name}`);
    const paths = writeGenerated(p, 'go', join(root, p.set.name));
    expect(paths).toEqual(['config/config.go', `cmd/${p.model.app}/main.go`]);
    generated.push(...paths.map((path) => join(p.set.name, path)));
    writeFile(join(root, p.set.name, `cmd/probe-${p.model.app}/main.go`), probe(p));
  }
  const gofmt = await execa('gofmt', ['-l', ...generated], { cwd: root, env: goEnv, reject: false });
  expect(gofmt.stdout + gofmt.stderr, 'generated Go is not gofmt-clean').toBe('');
  const vet = await execa('go', ['vet', './...'], { cwd: root, env: goEnv, reject: false });
  expect(vet.stderr).toBe('');
  expect(vet.exitCode).toBe(0);
  const build = await execa('go', ['build', '-o', join(root, 'bin') + '/', './...'], { cwd: root, env: goEnv, reject: false });
  expect(build.stderr).toBe('');
  expect(build.exitCode).toBe(0);
});

afterAll(() => remove());

async function run(binary: string, env: Record<string, string>) {
  const r = await execa(join(root, 'bin', binary), [], { env, extendEnv: false, reject: false, stripFinalNewline: false });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

describe.each(PREPARED.map((p) => ({ p, name: p.set.name })))('config/config.go, $name', ({ p }) => {
  it.each(p.vectors.map((v) => ({ v, name: v.name })))('$name', async ({ v }) => {
    judge(p, v, await run(`probe-${p.model.app}`, v.env));
  });

  it(`go run ./cmd/<app>: "environment OK" with secrets redacted, the report and exit 1 on failure`, async () => {
    const ok = p.vectors.find((v) => v.expect.ok)!;
    const good = await run(p.model.app, ok.env);
    expect(good.exitCode).toBe(0);
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(new RegExp(`^${p.model.app}: environment OK: Config\\{.*\\}\\n$`));
    expect(good.stdout.includes('[redacted]')).toBe(p.keys.some((k) => k.kind === 'required' && k.sensitive));
    for (const secret of secretValues(p, ok)) expect(good.stdout.includes(secret), 'a secret value leaked to stdout').toBe(false);
    for (const bad of p.vectors.filter((v) => !v.expect.ok).slice(0, 1)) judge(p, bad, await run(p.model.app, bad.env));
  });
});
