// A colored unified diff of what a write would change, for conflicts and --dry-run review.
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';

export function unifiedDiff(path: string, current: string, next: string, color: boolean): string {
  const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, current, next, 'on disk', 'generated', { context: 3 });
  const lines = patch.split('\n').filter((l) => !/^={10,}$/.test(l)); // drop the "=====" banner, keep ---/+++
  if (!color) return lines.join('\n');
  return lines
    .map((l) => (l.startsWith('+') ? pc.green(l) : l.startsWith('-') ? pc.red(l) : l.startsWith('@@') ? pc.cyan(l) : l))
    .join('\n');
}
