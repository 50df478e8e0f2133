// The compiler settings generated TypeScript must pass: strict and then some, as a strict team
// would configure tsc. One list, so every test that compiles generated code asks the same.
export const STRICT_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  // No parameter properties or enums: generated files also run under Node's type stripping.
  erasableSyntaxOnly: true,
} as const;
