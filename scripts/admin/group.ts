// One group of `npm run admin` commands: each command parses its own options (node:util parseArgs),
// opens the CLI context (cli-support.ts), calls a core use case and returns an exit code.
export interface AdminCommand {
  /** One line for `npm run admin -- help`: the options. */
  usage: string;
  run(args: string[]): Promise<number>;
}

export interface AdminGroup {
  /** By sub-command name; '' for a group that is itself the command (init). */
  commands: Record<string, AdminCommand>;
}
