// The command-line arguments derived from the model (mount, path). One place builds them, so the
// argv guard in cli.ts can tell them apart from anything built from user input or values.
import type { Model } from '../model.js';

export interface PathArgs {
  /** `-mount=<mount>` */
  mount: string;
  /** `<prefix>/<app>` (the path under the mount) */
  path: string;
  /** `<mount>/data/<prefix>/<app>`: the API path policies and capabilities speak of */
  data: string;
  /** `sys/internal/ui/mounts/<mount>/<prefix>/<app>`: which mount serves the path */
  uiMounts: string;
}

export function pathArgs(model: Model): PathArgs {
  const { mount, pathNoMount, path } = model.vault;
  return { mount: `-mount=${mount}`, path: pathNoMount, data: `${mount}/data/${pathNoMount}`, uiMounts: `sys/internal/ui/mounts/${path}` };
}
