// Kubernetes' env[].value expansion, ported line for line from k8s.io/kubernetes
// third_party/forked/golang/expansion/expand.go (v1.37.2: Expand, tryReadVariableName): what the
// kubelet does to a literal before the container sees it. Tests use it as the consumer's reading.

/** `vars`: the variables defined before this entry (an unknown `$(X)` stays as written). */
export function k8sExpand(input: string, vars: Record<string, string> = {}): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      const r = String.fromCodePoint(rest.codePointAt(0)!);
      let read: string;
      let isVar = false;
      let advance: number;
      if (r === '$') {
        read = r;
        advance = r.length;
      } else if (r === '(') {
        const close = rest.indexOf(')', 1);
        if (close !== -1) {
          read = rest.slice(1, close);
          isVar = true;
          advance = close + 1;
        } else {
          read = '$(';
          advance = 1;
        }
      } else {
        read = '$' + r;
        advance = r.length;
      }
      out += isVar ? (Object.hasOwn(vars, read) ? vars[read]! : `$(${read})`) : read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}
