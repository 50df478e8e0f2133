// The detector rows the three fixture apps do not exercise, one small source each, plus the
// engine's refusals: comments, non-env objects, lower-case names, image-only compose services.
import { describe, expect, it } from 'vitest';
import { detect, type EnvRead } from '../../src/adopt/engine.js';
import type { FileType } from '../../src/adopt/detectors.js';

const reads = (type: FileType, text: string, path = 'x') => detect({ path, type, text });
const brief = (rs: EnvRead[]) => rs.map((r) => [r.env, r.line, r.default ?? null]);

describe('adopt detectors', () => {
  it('t3-env createEnv server/client schemas with defaults and enums', () => {
    const src = `import { createEnv } from '@t3-oss/env-core';
import { z } from 'zod';
export const env = createEnv({
  server: {
    DATABASE_URL: z.string().url(),
    CRON_INTERVAL: z.coerce.number().default(60),
  },
  client: {
    PUBLIC_THEME: z.enum(['light', 'dark']).default('light'),
  },
  runtimeEnv: process.env,
});`;
    const rs = reads('js', src);
    expect(brief(rs)).toEqual([
      ['DATABASE_URL', 5, null],
      ['CRON_INTERVAL', 6, '60'],
      ['PUBLIC_THEME', 9, 'light'],
    ]);
    expect(rs[2]).toMatchObject({ type: 'enum', values: ['light', 'dark'] });
    expect(rs[1]).toMatchObject({ type: 'int' });
  });

  it('a zod object not parsed from the environment is not an env schema', () => {
    expect(reads('js', `const Order = z.object({ ID: z.string(), TOTAL: z.number() });`)).toEqual([]);
  });

  it('import.meta.env, Deno.env.get and commented-out reads', () => {
    const src = `const a = import.meta.env.VITE_API_BASE ?? '/api';
// const b = process.env.OLD_KEY;
/* process.env.OLDER_KEY */
const c = Deno.env.get("DENO_PORT");
const d = 'process.env.IN_A_STRING'; const e = "http://example.com"; const f = process.env.AFTER_URL;`;
    expect(brief(reads('js', src))).toEqual([
      ['VITE_API_BASE', 1, '/api'],
      ['DENO_PORT', 4, null],
      ['AFTER_URL', 5, null],
      // A string that spells a read is a string; only the code read after it counts.
    ]);
  });

  it('caarlos0/env tags, required and envDefault', () => {
    const src = 'type C struct {\n\tToken string `env:"SERVICE_TOKEN,required"`\n\tWorkers int `env:"WORKERS" envDefault:"4"`\n}\n';
    const rs = reads('go', src);
    expect(brief(rs)).toEqual([
      ['SERVICE_TOKEN', 2, null],
      ['WORKERS', 3, '4'],
    ]);
    expect(rs[0]).toMatchObject({ presence: 'required' });
    expect(rs[1]).toMatchObject({ type: 'int' });
  });

  it('pydantic v1-style class Config env_prefix, Optional fields, and a non-settings class', () => {
    const src = `from pydantic import BaseSettings, BaseModel

class Settings(BaseSettings):
    redis_host: str = "localhost"
    sentry_dsn: Optional[str] = None

    class Config:
        env_prefix = "APP_"

class Payload(BaseModel):
    user_id: int
`;
    const rs = reads('python', src);
    expect(brief(rs)).toEqual([
      ['APP_REDIS_HOST', 4, 'localhost'],
      ['APP_SENTRY_DSN', 5, null],
    ]);
    expect(rs[1]!.presence).toBeUndefined();
  });

  it('compose list-form environment of built services only', () => {
    const src = `services:
  web:
    build: .
    environment:
      - SESSION_SECRET=\${SESSION_SECRET:?required}
      - WEB_CONCURRENCY=\${WEB_CONCURRENCY:-2}
      - FEATURE_X
  db:
    image: postgres:16
    environment:
      - POSTGRES_PASSWORD=\${DB_PASSWORD:-x}
`;
    const rs = reads('compose', src);
    expect(brief(rs)).toEqual([
      ['SESSION_SECRET', 5, null],
      ['WEB_CONCURRENCY', 6, '2'],
      ['FEATURE_X', 7, null],
    ]);
    expect(rs[0]).toMatchObject({ presence: 'required' });
  });

  it('k8s env: value literals are settings, valueFrom is a read, container names are not env', () => {
    const src = `      containers:
        - name: web
          env:
            - name: LOG_LEVEL
              value: debug
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: { name: db, key: password }
`;
    const rs = reads('k8s', src);
    expect(brief(rs)).toEqual([
      ['LOG_LEVEL', 4, null],
      ['DB_PASSWORD', 6, null],
    ]);
    expect(rs[0]).toMatchObject({ setting: true, settingValue: 'debug' });
  });
});
