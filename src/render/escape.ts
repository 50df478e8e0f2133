// One escaper per output language. Templates call these through Handlebars helpers; nothing
// user-typed reaches a file through Handlebars' HTML escaping (the engine runs with noEscape).

/** A YAML double-quoted scalar: always a string, whatever it looks like (`yes`, `0777`, `~`, `1e3`). */
export function yamlString(s: string): string {
  // JSON strings are YAML 1.2 double-quoted scalars; the model refuses control chars and U+2028/9.
  return JSON.stringify(s);
}

/**
 * A literal for a container's env[].value. Kubernetes expands `$(VAR)` there with the variables
 * defined before it (a `$(DB_PASSWORD)` default would hand the pod the password) and turns `$$`
 * into `$`; doubling every `$` makes the pod see exactly `s`. Apply before yamlString.
 */
export function k8sEnvLiteral(s: string): string {
  return s.replaceAll('$', '$$$$');
}

/** A TypeScript/JavaScript string literal. */
export const tsString = (s: string): string => JSON.stringify(s);

/** A Python string literal (JSON's escapes are all valid Python escapes). */
export const pyString = (s: string): string => JSON.stringify(s);

/** A Go interpreted string literal (JSON's escapes are all valid Go escapes; lone surrogates are refused by the model). */
export const goString = (s: string): string => JSON.stringify(s);

/** The quoted value inside a Go struct tag (`default:"..."`), read back by strconv.Unquote. Backquotes are refused by the model. */
export const goTagValue = (s: string): string => JSON.stringify(s);

/** An HCL quoted template string: escapes plus `${` / `%{` template openers. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** One POSIX shell word, single-quoted. */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Markdown (GFM) table cell or inline text: backslash-escape what could change the rendering or split
 * the cell, including `$` (GitHub renders `$...$` as math). Leading and trailing spaces of a cell are
 * dropped by GFM; the model trims free text and refuses config defaults that start or end with one.
 */
export function mdCell(s: string): string {
  return s.replace(/[\\`*_[\]<>|~&$]/g, (c) => `\\${c}`);
}

/** Inverse of mdCell, used by tests and by readers of our README section. */
export function unMdCell(s: string): string {
  return s.replace(/\\([\\`*_[\]<>|~&$])/g, '$1');
}

/** Text after a `#` or `//` comment marker: one line (the model refuses line breaks). */
export function commentText(s: string): string {
  return s.replace(/\r?\n/g, ' ');
}
