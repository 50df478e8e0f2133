// `npm run demo`: run the bundled CLI on the built-in example into a fresh temp dir and show the result.
// Dev-time script (not part of the bundle).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli.js');
const answers = join(root, 'src/scripts/demo-answers.yaml');
const target = mkdtempSync(join(tmpdir(), 'mosaic-demo-'));
const run = (args) => execFileSync(process.execPath, [cli, ...args], { stdio: 'inherit' });

console.log(`$ create-mosaic-secrets ${target} --answers src/scripts/demo-answers.yaml --yes\n`);
run([target, '--answers', answers, '--yes']);

const files = [];
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(relative(target, p));
  }
};
walk(target);
for (const f of files.sort()) {
  if (f === '.mosaic-secrets.yaml') continue;
  console.log(`\n──── ${f} ${'─'.repeat(Math.max(0, 70 - f.length))}`);
  console.log(readFileSync(join(target, f), 'utf8').trimEnd());
}
console.log(`\n$ create-mosaic-secrets ${target} --yes   # a second run changes nothing\n`);
run([target, '--yes']);
console.log(`\n$ create-mosaic-secrets check ${target}   # the policy audit finds nothing in generated output\n`);
run(['check', target]);
console.log(`\nThe files are in ${target}`);
