// Templates compiled ahead of time, by name (e.g. `k8s/deployment.yaml.hbs`). Empty here: from
// source (tsx, tests) every template compiles at runtime from templates/. The bundle build
// (src/scripts/build.mjs) replaces this module with templates/**/*.hbs precompiled with the same
// options renderString() uses, so dist/ ships the Handlebars runtime without its compiler.
import type Handlebars from 'handlebars';

export const precompiled: Readonly<Record<string, Parameters<typeof Handlebars.template>[0]>> = {};
