// The answers file bench.mjs times and profile.mjs profiles: one input for both (YAML, as people
// write it): 20 keys — 12 secrets, 8 config of every type — all three languages, Direct-Vault.
export function answers20(app) {
  const secrets = Array.from({ length: 12 }, (_, i) => `  - env: SECRET_${String(i + 1).padStart(2, '0')}\n    description: "Secret number ${i + 1}: \\"quoted\\", with $ and \` to escape"\n    minLength: ${8 + i}`);
  const types = ['string', 'int', 'bool', 'enum'];
  const config = Array.from({ length: 8 }, (_, i) => {
    const type = types[i % 4];
    const def = { string: 'info', int: String(3000 + i), bool: 'true', enum: 'b' }[type];
    return `  - env: CONFIG_${String(i + 1).padStart(2, '0')}\n    type: ${type}\n    default: "${def}"${type === 'enum' ? '\n    values: [a, b, c]' : ''}\n    reason: not a secret (bench)\n    description: Config value ${i + 1}`;
  });
  return `# Written by src/scripts/answers20.mjs: 20 keys, all three languages, Direct-Vault.
app: ${app}
namespace: ${app.replace(/-api$/, '')}
mode: direct-vault
justification: Database credentials come from the Vault database engine with a 15m TTL
directVault: { engine: database, vaultAddr: "https://vault.example.com:8200" }
languages: [typescript, python, go]
goModule: example.com/${app}
vault: { mount: secret, prefix: k3s }
secrets:
${secrets.join('\n')}
config:
${config.join('\n')}
`;
}
