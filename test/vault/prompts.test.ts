// The masked prompt shows nothing while typing: `mask: '*'` would draw one star per character and
// so show the value's length. @inquirer/prompts is mocked to capture the options we pass.
import { describe, expect, it, vi } from 'vitest';

const calls: Record<string, unknown>[] = [];
vi.mock('@inquirer/prompts', () => ({
  password: async (opts: Record<string, unknown>) => (calls.push(opts), 'typed'),
  confirm: async () => true,
}));

describe('inquirerPrompts.password', () => {
  it('passes no mask (inquirer then shows only "[input is masked]") and keeps the validator', async () => {
    const { inquirerPrompts } = await import('../../src/vault/values.js');
    const validate = (v: string) => (v.length > 1 ? true : 'too short');
    await expect(inquirerPrompts.password('DB_PASSWORD (db_password)', validate)).resolves.toBe('typed');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.message).toBe('DB_PASSWORD (db_password)');
    expect(calls[0]!.validate).toBe(validate);
    expect(calls[0]!.mask).toBeUndefined();
  });
});
