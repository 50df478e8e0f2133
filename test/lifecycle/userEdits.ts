// The hand edits a team makes after the first run, as functions of a file's text, so a test can
// apply them to a fresh render and compare with what re-runs produced on the edited repo.
export const USER_EDITS: Record<string, (text: string) => string> = {
  'deploy/deployment.yaml': (t) => `# team: reviewed by platform\n${t}            - name: LOG_FORMAT # ours\n              value: json\n`,
  'deploy/external-secret.yaml': (t) => t.replace(/^spec:\n/m, 'spec:\n  # reviewed by platform\n'),
  'README.md': (t) => `${t}\n## Team notes\n\nOn-call: #billing. This paragraph is ours.\n`,
  'src/env.ts': (t) => `${t}\n// Our refinement, outside the markers.\nexport const keyCount: number = Object.keys(env).length;\n`,
  'src/config.py': (t) => `${t}\n\ndef describe() -> str:\n    """Ours, outside the markers."""\n    return "custom"\n`,
};
