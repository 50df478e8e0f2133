// The --help text. Shared by the program (src/cli.ts) and the bin's fast path (src/launch/bin.ts),
// which prints it without loading the program bundle.
import { ANSWER_FLAGS } from './answers/flags.js';
import { VERSION } from './version.js';

export function helpText(): string {
  const pad = (s: string) => s.padEnd(30);
  const answerLines = Object.entries(ANSWER_FLAGS)
    .map(([flag, spec]) => `  ${pad(`--${flag} <value>`)}${spec.help} [${spec.field}]`)
    .join('\n');
  return `create-mosaic-secrets ${VERSION}
Scaffold the files the Mosaic secrets policy requires for an app: ExternalSecret, Deployment env via
secretKeyRef, startup validators, README "Secrets architecture" section, .env.example.

Usage:
  create-mosaic-secrets [target-dir] [options]      generate or update (default target: .)
  create-mosaic-secrets add-key <ENV> [--description T] [--min-length N] [--property p]
  create-mosaic-secrets add-key <ENV> --config --default V --reason T [--type int|bool|enum|string] [--values-list a,b]
  create-mosaic-secrets remove-key <ENV>
  create-mosaic-secrets set-mode <eso|direct-vault> [--justification T]
  create-mosaic-secrets update                      re-render everything from .mosaic-secrets.yaml
                                                    (these edit .mosaic-secrets.yaml in --dir DIR, default .,
                                                    then re-render; your edits are merged, not overwritten)
  create-mosaic-secrets check [paths...] [options]  audit a repo against the policy (check --help)
  create-mosaic-secrets adopt [dir] [options]       bring an existing app under the policy: propose the
                                                    answers from its code and deploy files (adopt --help)

Answers (prompted for when missing and a terminal is attached; field name in brackets):
${answerLines}
  ${pad('-a, --answers <file>')}YAML/JSON answers file (see README "Answers file")

Run:
  ${pad('-y, --yes')}never prompt; missing required answers are an error
  ${pad('--dry-run')}print the plan (create/update/unchanged/conflict), write nothing
  ${pad('--json')}print the plan as JSON on stdout (implies no prompts)
  ${pad('--force')}overwrite files edited since they were generated
  ${pad('--no-color')}plain output

Vault (optional last step; values never go to argv, logs or disk):
  ${pad('--vault-write / --no-vault-write')}write the secrets to Vault after rendering (default: ask; no without a terminal)
  ${pad('--vault-bin <vault|bao>')}CLI to run (default vault, or bao when only bao is on PATH)
  ${pad('--vault-overwrite')}replace values already in Vault (asks when interactive; --force never does)
  ${pad('--from-env')}read each value from the environment variable of the same name
  ${pad('--values <file>')}read values from a JSON/YAML file (never copied)
  ${pad('--generate <KEY,...|all>')}generate random values for these keys (never shown)
  ${pad('--print-vault-commands')}print the provisioning commands with placeholders and exit

  ${pad('-h, --help')}this help
  ${pad('-v, --version')}print the version

Exit codes: 0 ok, 1 failure or refused overwrite, 2 bad input, 130 cancelled.
`;
}
