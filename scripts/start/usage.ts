// `npm start -- --help`: what the command does, its option and the demo personas, without opening
// anything (no database, no log file), so that it answers at once on a fresh machine.
import { DEMO_PERSONS } from '../../core/demo/demo-data.ts';
import { both } from './output.ts';

export function usage(): string {
  const personas = DEMO_PERSONS.map(
    (persona) =>
      `  --as ${persona.key.padEnd(20)} ${persona.name} — ${both(`terminal:role.${persona.role}`)}`,
  );
  return [
    'npm start [-- --as <persona>]',
    '',
    both('terminal:usage.what', undefined, '\n'),
    '',
    `${both('terminal:usage.personas')}:`,
    ...personas,
    '',
    both('terminal:usage.environment', undefined, '\n'),
    '',
  ].join('\n');
}
