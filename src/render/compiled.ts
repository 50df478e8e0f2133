// Templates compiled ahead of time to plain functions, by name (e.g. `k8s/deployment.yaml.hbs`).
// Empty here: from source (tsx, tests) every template compiles at runtime from templates/ with
// Handlebars. The bundle build (src/scripts/build.mjs) replaces this module with templates/**/*.hbs
// compiled by src/render/templateCompiler.ts, which keeps renderString()'s semantics (COMPILE_OPTIONS).
export const compiledTemplates: Readonly<Record<string, (data: object) => string>> = {};
