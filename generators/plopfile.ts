// The plop generator: prompts, our template helpers and one custom action type that runs the
// safe, diff-aware writer. The CLI loads it through node-plop (so `npx` needs no global plop);
// `npm run plop` runs it with plain plop in this repo.
import type { NodePlopAPI } from 'node-plop';
import { generate, type GenerateOptions, type GenerateResult } from '../src/generate.js';
import { buildModel, type Model } from '../src/model.js';
import { helpers } from '../src/render/engine.js';
import { processIO, type IO } from '../src/ui/output.js';

export const GENERATOR = 'mosaic-secrets';
export const WRITE_ACTION = 'mosaic-secrets:write';

export interface PlopContext {
  /** Set by the CLI, which validates answers before plop runs; plain plop builds it from prompt answers. */
  model?: Model;
  options: GenerateOptions;
  io: IO;
  result?: GenerateResult;
  /** node-plop turns a thrown error into a "failure" string; we keep the typed error here. */
  error?: unknown;
}

export function registerGenerators(plop: NodePlopAPI, ctx: PlopContext): void {
  for (const [name, fn] of Object.entries(helpers)) plop.setHelper(name, fn);
  plop.setActionType(WRITE_ACTION, async (answers) => {
    try {
      const model = ctx.model ?? buildModel(answers);
      ctx.result = await generate(model, ctx.options, ctx.io);
      return `${ctx.result.plan.filter((f) => f.action !== 'unchanged').length} file(s) changed`;
    } catch (e) {
      ctx.error = e;
      throw e;
    }
  });
  plop.setGenerator(GENERATOR, {
    description: 'Secrets bootstrap: ExternalSecret, Deployment env, validators, README section',
    prompts: async () => (await import('../src/answers/prompts.js')).promptAnswers({}, new Set(), ctx.options.target),
    actions: [{ type: WRITE_ACTION }],
  });
}

/** Entry point for plain `plop` (npm run plop): writes into the directory npm was started from. */
export default function plopfile(plop: NodePlopAPI): void {
  registerGenerators(plop, {
    // npm runs scripts in the package root; INIT_CWD is where the user typed the command.
    options: { target: process.env.INIT_CWD ?? process.cwd(), dryRun: false, json: false, force: false },
    io: processIO({ yes: false, json: false }),
  });
}
