// Every command's --help ends with examples as a person types them; the connection options
// (global, accepted by every command) are listed under each command's own.
import type { Command } from 'commander'

export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}\n`)
}
