// The real parsers, batched: thousands of generated files go through a handful of processes.
//   py, dotenv  → one Python process per 2000 jobs (check_python.py: ast.parse, tokenize, python-dotenv)
//   go          → one `gofmt -e` over a directory of files, then one go/parser pass (goextract)
//   sh          → one bash loop running `bash -n` on each file
//   hcl         → the Vault policy endpoint of a real OpenBao dev server (it parses the HCL)
// Identical sources are checked once.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { startOpenBao, type OpenBao } from '../helpers/openbao.js';

const HERE = new URL('.', import.meta.url).pathname;
const REPO = new URL('../..', import.meta.url).pathname;
export const PYTHON = process.env.MOSAIC_PYTHON ?? join(REPO, '.cache/venv/bin/python');
const GO_ENV = { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };

export interface Job {
  kind: 'py' | 'dotenv' | 'go' | 'sh' | 'hcl';
  source: string;
}

export interface JobResult {
  ok: boolean;
  error?: string;
  /** What the checker read from the file (py: fields; dotenv: values; go: fields and rules). */
  data?: unknown;
}

export interface Toolchains {
  run(jobs: Job[]): Promise<JobResult[]>;
  close(): Promise<void>;
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

export async function startToolchains(): Promise<Toolchains> {
  const work = mkdtempSync(join(tmpdir(), 'mosaic-hostile-'));
  // goextract: stdlib only, built once into the temp dir (the Go build cache makes reruns instant).
  const goSrc = join(work, 'goextract-src');
  mkdirSync(goSrc);
  copyFileSync(join(HERE, 'goextract', 'main.go'), join(goSrc, 'main.go'));
  writeFileSync(join(goSrc, 'go.mod'), 'module goextract\n\ngo 1.22\n');
  const goextract = join(work, 'goextract');
  await execa('go', ['build', '-o', goextract, '.'], { cwd: goSrc, env: GO_ENV });

  let bao: OpenBao | null = null;
  let batch = 0;
  let policyCount = 0;

  async function python(jobs: Job[]): Promise<JobResult[]> {
    const out: JobResult[] = [];
    for (let i = 0; i < jobs.length; i += 2000) {
      const chunk = jobs.slice(i, i + 2000);
      const r = await execa(PYTHON, [join(HERE, 'check_python.py')], { input: JSON.stringify(chunk), maxBuffer: 1 << 30 });
      const results = JSON.parse(r.stdout) as { ok: boolean; error?: string; fields?: unknown; values?: unknown }[];
      out.push(...results.map((x) => ({ ok: x.ok, error: x.error, data: x })));
    }
    return out;
  }

  async function go(jobs: Job[]): Promise<JobResult[]> {
    const dir = join(work, `go-${batch}`);
    mkdirSync(dir);
    jobs.forEach((j, i) => writeFileSync(join(dir, `f${i}.go`), j.source));
    const fmt = await execa('gofmt', ['-e', '-l', dir], { reject: false, maxBuffer: 1 << 30 });
    const fmtErrors = new Map<string, string[]>();
    for (const line of String(fmt.stderr).split('\n')) {
      const m = /\/(f\d+\.go):(.*)$/.exec(line);
      if (m) fmtErrors.set(m[1]!, [...(fmtErrors.get(m[1]!) ?? []), m[2]!.trim()]);
      else if (line.trim()) throw new Error(`gofmt: ${line}`);
    }
    const parsed = JSON.parse(String((await execa(goextract, [dir], { maxBuffer: 1 << 30 })).stdout)) as Record<string, { ok: boolean; error?: string }>;
    return jobs.map((_, i) => {
      const name = `f${i}.go`;
      const errs = fmtErrors.get(name);
      if (errs) return { ok: false, error: `gofmt -e: ${errs.slice(0, 3).join('; ')}` };
      const p = parsed[name]!;
      return p.ok ? { ok: true, data: p } : { ok: false, error: `go/parser: ${p.error}` };
    });
  }

  async function bash(jobs: Job[]): Promise<JobResult[]> {
    const dir = join(work, `sh-${batch}`);
    mkdirSync(dir);
    const files = jobs.map((j, i) => {
      const f = join(dir, `s${i}.sh`);
      writeFileSync(f, j.source);
      return f;
    });
    // Any output of `bash -n` (an error, or a warning such as an unterminated here-document) counts.
    const loop = 'while IFS= read -r f; do out=$(bash -n "$f" 2>&1); rc=$?; if [ $rc -ne 0 ] || [ -n "$out" ]; then printf "%s\\t%s\\n" "$f" "$(printf %s "$out" | tr "\\n" " ")"; fi; done';
    const r = await execa('bash', ['-c', loop], { input: files.join('\n') + '\n', maxBuffer: 1 << 30 });
    const errors = new Map(String(r.stdout).split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('\t')), l.slice(l.indexOf('\t') + 1)]));
    return files.map((f) => (errors.has(f) ? { ok: false, error: `bash -n: ${errors.get(f)}` } : { ok: true }));
  }

  async function hcl(jobs: Job[]): Promise<JobResult[]> {
    bao ??= await startOpenBao();
    const server = bao;
    const out: JobResult[] = new Array(jobs.length);
    await pool([...jobs.keys()], 4, async (i) => {
      const name = `hostile-${policyCount++}`;
      const res = await fetch(`${server.addr}/v1/sys/policies/acl/${name}`, {
        method: 'PUT',
        headers: { 'X-Vault-Token': server.token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ policy: jobs[i]!.source }),
      });
      const body = await res.text();
      out[i] = res.status === 204 || res.status === 200 ? { ok: true } : { ok: false, error: `OpenBao refused the policy (${res.status}): ${body.trim()}` };
    });
    return out;
  }

  const runners: Record<Job['kind'], (jobs: Job[]) => Promise<JobResult[]>> = { py: python, dotenv: python, go, sh: bash, hcl };

  return {
    async run(jobs) {
      batch++;
      // One check per distinct (kind, source); Python takes both of its kinds in one process.
      const unique = new Map<string, number>();
      const distinct: Job[] = [];
      const slot = jobs.map((j) => {
        const key = `${j.kind}\u0000${j.source}`;
        let i = unique.get(key);
        if (i === undefined) {
          i = distinct.length;
          unique.set(key, i);
          distinct.push(j);
        }
        return i;
      });
      const results: JobResult[] = new Array(distinct.length);
      const groups = new Map<(jobs: Job[]) => Promise<JobResult[]>, number[]>();
      distinct.forEach((j, i) => {
        const runner = runners[j.kind];
        if (!groups.has(runner)) groups.set(runner, []);
        groups.get(runner)!.push(i);
      });
      for (const [runner, idx] of groups) {
        const got = await runner(idx.map((i) => distinct[i]!));
        idx.forEach((i, k) => (results[i] = got[k]!));
      }
      return slot.map((i) => results[i]!);
    },
    async close() {
      await bao?.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
