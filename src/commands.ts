// Subcommand names: shared by the bin (src/launch/bin.ts), dispatch (src/cli.ts) and src/edit.ts.
// A module of its own so that neither the bin nor dispatch loads anything heavy to know them.
export const SUBCOMMANDS = ['check'] as const;
export const EDIT_COMMANDS = ['add-key', 'remove-key', 'set-mode', 'update'] as const;
export type EditCommand = (typeof EDIT_COMMANDS)[number];

export const isEditCommand = (s: string | undefined): s is EditCommand => (EDIT_COMMANDS as readonly (string | undefined)[]).includes(s);
/** `adopt [dir]`: bring an existing app under the policy (src/adopt/command.ts). */
export const ADOPT_COMMAND = 'adopt' as const;
