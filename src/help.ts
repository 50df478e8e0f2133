// The --help texts. Shared by the program (src/cli.ts) and the bin's fast path (src/launch/bin.ts),
// which prints the main help without loading the program bundle. One table of subcommand helps
// (COMMAND_HELP): a new subcommand adds its entry there and gets `<name> --help` and a usage line.
import { ANSWER_FLAGS } from './answers/flags.js';
import { VERSION } from './version.js';

type Row = [flag: string, text: string];

/** Two columns; a flag too long for the first column gets its text on the next line, never run together. */
function table(rows: Row[]): string {
  const width = 32;
  return rows
    .map(([flag, text]) => (flag.length <= width - 2 ? `  ${flag.padEnd(width)}${text}` : `  ${flag}\n  ${' '.repeat(width)}${text}`))
    .join('\n');
}

const answerRows = (): Row[] => [
  ...Object.entries(ANSWER_FLAGS).map(([flag, spec]): Row => [`--${flag} <value>`, `${spec.help} [${spec.field}]`]),
  ['-a, --answers <file>', 'YAML/JSON answers file (see README "Answers file")'],
];

const RUN_ROWS: Row[] = [
  ['-y, --yes', 'never prompt; missing required answers are an error'],
  ['--dry-run', 'print the plan (create/update/unchanged/conflict), write nothing'],
  ['--json', 'print the plan as JSON on stdout (implies no prompts)'],
  ['--force', 'overwrite files edited since they were generated'],
  ['--no-color', 'plain output'],
];

const VAULT_ROWS: Row[] = [
  ['--vault-write / --no-vault-write', 'write the secrets to Vault after rendering (default: ask when a terminal and a vault/bao CLI are there; no otherwise)'],
  ['--vault-bin <vault|bao>', 'CLI to run (default vault, or bao when only bao is on PATH)'],
  ['--vault-overwrite', 'replace values already in Vault (asks when interactive; --force never does)'],
  ['--from-env', 'read each value from the environment variable of the same name'],
  ['--values <file>', 'read values from a JSON/YAML file (never copied)'],
  ['--generate <KEY,...|all>', 'generate random values for these keys (never shown)'],
  ['--environment <name|all>', 'with environments: whose Vault paths to write or print (repeat or comma-separate; required with --vault-write and no terminal when they read different paths)'],
  ['--print-vault-commands', 'print the provisioning commands with placeholders and exit'],
];

const DIR_ROW: Row = ['--dir <dir>', 'the directory holding .mosaic-secrets.yaml (default .)'];

export interface CommandHelp {
  /** One line per form, without the program name. */
  usage: string[];
  summary: string;
  sections: { title: string; rows: Row[] }[];
  examples: string[];
}

/** `create-mosaic-secrets <name> --help` for each subcommand (check has its own, in src/check/index.ts). */
export const COMMAND_HELP: Record<string, CommandHelp> = {
  'add-key': {
    usage: ['add-key <ENV> [--description T] [--min-length N] [--property p]', 'add-key <ENV> --config --default V --reason T [--type int|bool|enum|string] [--values-list a,b]'],
    summary: 'Add a required secret (or, with --config, a non-secret value with a safe default) to .mosaic-secrets.yaml and re-render every file; your edits are merged, not overwritten.',
    sections: [
      {
        title: 'Secret key',
        rows: [
          ['--description <text>', 'its purpose (the README lists it)'],
          ['--min-length <n>', 'shortest value the validators accept (default 1)'],
          ['--property <name>', 'Vault property (default: the env name in lower case)'],
        ],
      },
      {
        title: 'Config value (--config)',
        rows: [
          ['--config', 'a non-secret value with a default instead of a secret'],
          ['--default <value>', 'the default (required with --config)'],
          ['--reason <text>', 'why a default is safe; becomes # safe-default: … (required)'],
          ['--type <int|bool|enum|string>', 'how the validators parse it (default string)'],
          ['--values-list <a,b>', 'the allowed values for --type enum'],
        ],
      },
      { title: 'Where and how', rows: [DIR_ROW, ...RUN_ROWS, ...VAULT_ROWS] },
    ],
    examples: [
      'add-key STRIPE_API_KEY --description "Stripe secret key" --min-length 20',
      'add-key PORT --config --type int --default 8080 --reason "listen port, not a secret"',
      'add-key LOG_LEVEL --config --type enum --values-list debug,info,warn --default info --reason "verbosity only"',
    ],
  },
  'remove-key': {
    usage: ['remove-key <ENV>'],
    summary: 'Remove a secret or config key from .mosaic-secrets.yaml and re-render. The value stays in Vault: the command prints how to remove it there.',
    sections: [{ title: 'Where and how', rows: [DIR_ROW, ...RUN_ROWS] }],
    examples: ['remove-key LEGACY_TOKEN', 'remove-key LEGACY_TOKEN --dir services/billing --dry-run'],
  },
  'set-mode': {
    usage: ['set-mode <eso|direct-vault> [--justification T]'],
    summary: 'Switch how the app gets its secrets: the ESO bridge (default) or Direct-Vault (opt-in, needs a written justification), and re-render.',
    sections: [
      { title: 'Direct-Vault', rows: [['--justification <text>', 'why ESO is not enough (DB rotation, STS, PKI, per-request audit); recorded in the README']] },
      { title: 'Where and how', rows: [DIR_ROW, ...RUN_ROWS, ...VAULT_ROWS] },
    ],
    examples: ['set-mode direct-vault --justification "per-request database credentials from the database engine"', 'set-mode eso'],
  },
  update: {
    usage: ['update'],
    summary: 'Re-render every file from .mosaic-secrets.yaml (after editing its answers, or with a newer create-mosaic-secrets); your edits are merged, not overwritten. Answer flags apply on top.',
    sections: [{ title: 'Where and how', rows: [DIR_ROW, ...RUN_ROWS, ...VAULT_ROWS] }, { title: 'Answers to change on the way', rows: answerRows().slice(0, -1) }],
    examples: ['update', 'update --dir services/billing --dry-run', 'update --namespace payments-prod'],
  },
};

const EXAMPLES_MAIN = [
  'create-mosaic-secrets',
  'create-mosaic-secrets services/billing --app billing-api --namespace payments --secret DB_PASSWORD="Postgres password" --lang go --yes',
  'create-mosaic-secrets --answers mosaic-secrets-answers.yaml --yes',
  'create-mosaic-secrets check --format github',
];

function usageLines(): string {
  const rows: string[] = ['  create-mosaic-secrets [target-dir] [options]      generate or update (default target: .)'];
  for (const h of Object.values(COMMAND_HELP)) for (const u of h.usage) rows.push(`  create-mosaic-secrets ${u}`);
  rows.push('  create-mosaic-secrets check [paths...] [options]  audit a repo against the policy');
  rows.push('  create-mosaic-secrets adopt [dir] [options]       bring an existing app under the policy: propose the');
  rows.push('                                                    answers from its code and deploy files');
  return rows.join('\n');
}

export function helpText(): string {
  return `create-mosaic-secrets ${VERSION}
Scaffold the files the Mosaic secrets policy requires for an app: ExternalSecret, Deployment env via
secretKeyRef, startup validators, README "Secrets architecture" section, .env.example.

Usage:
${usageLines()}
  (each subcommand has its own help: create-mosaic-secrets <subcommand> --help)

Answers (prompted for when missing and a terminal is attached; field name in brackets):
${table(answerRows())}

Run:
${table(RUN_ROWS)}

Vault (optional last step; values never go to argv, logs or disk):
${table(VAULT_ROWS)}

${table([
  ['-h, --help', 'this help'],
  ['-v, --version', 'print the version'],
])}

Examples:
${EXAMPLES_MAIN.map((e) => `  ${e}`).join('\n')}

Exit codes: 0 ok, 1 failure or refused overwrite, 2 bad input, 130 cancelled.
`;
}

/** Words to lines of at most `width` characters. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/** `create-mosaic-secrets <command> --help`. */
export function commandHelpText(command: string): string {
  const h = COMMAND_HELP[command];
  if (!h) return helpText();
  return `create-mosaic-secrets ${command} (${VERSION})
${wrap(h.summary)}

Usage:
${h.usage.map((u) => `  create-mosaic-secrets ${u} [options]`).join('\n')}
${h.sections.map((s) => `\n${s.title}:\n${table(s.rows)}`).join('\n')}

Examples:
${h.examples.map((e) => `  create-mosaic-secrets ${e}`).join('\n')}

Exit codes: 0 ok, 1 failure or refused overwrite, 2 bad input, 130 cancelled.
`;
}
