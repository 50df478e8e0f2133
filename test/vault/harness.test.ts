import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startOpenBao, useOpenBao } from '../helpers/openbao.js';

describe('OpenBao harness', () => {
  const vault = useOpenBao();

  it('serves KV v2 at secret/ with the root token and an isolated HOME', async () => {
    const v = vault();
    expect(v.addr).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await v.bao(['kv', 'put', '-mount=secret', 'harness/check', '-'], { input: JSON.stringify({ a: '1' }) });
    const got = await v.bao(['kv', 'get', '-format=json', '-mount=secret', 'harness/check']);
    expect(JSON.parse(got.stdout).data.data).toEqual({ a: '1' });
    expect(v.env.HOME).toBe(v.home);
    expect(existsSync(`${v.home}/.vault-token`)).toBe(false);
  });

  it('stop() kills the server and is idempotent', async () => {
    const s = await startOpenBao();
    const before = await fetch(`${s.addr}/v1/sys/health`);
    expect(before.status).toBe(200);
    await s.stop();
    await s.stop();
    await expect(fetch(`${s.addr}/v1/sys/health`)).rejects.toThrow();
  });
});

describe('OpenBao harness: seal and unseal', () => {
  const vault = useOpenBao();
  it('unseal() brings a sealed dev server back', async () => {
    const v = vault();
    await v.bao(['operator', 'seal']);
    expect((await v.bao(['status', '-format=json'], { reject: false })).exitCode).toBe(2);
    await v.unseal();
    expect((await v.bao(['status', '-format=json'])).exitCode).toBe(0);
  });
});
