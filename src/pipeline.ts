// Everything a generate run needs once its answers are known, behind one lazy import of run.ts:
// the bundle then loads it as one chunk instead of a dozen small ones (the ES module loader
// resolves, reads, links and evaluates each file on its own; ~20 files were ~13 % of a render).
// The prompts stay outside: a first run asks its first question before any of this loads.
export { default as nodePlop } from 'node-plop';
export { GENERATOR, registerGenerators } from '../generators/plopfile.js';
export { asDeployed, planJson, readManifest } from './generate.js';
export { buildModel } from './model.js';
export { installCommands, nextSteps } from './nextSteps.js';
export { packageRoot } from './render/engine.js';
export { checkTargets, checkValueSources, runVaultStep } from './vault/step.js';
export { selectTargets } from './vault/targets.js';
export { printedBinName } from './vault/bin.js';
export { renderRemoveKeyHint } from './vault/commands.js';
