// npm run import -- <file> --institution <code> [--as <email>] [--errors <path>] [--locale en]
// The patent list import on the command line: scripts/import/main.ts.
import { runImport } from './import/main.ts';

await runImport(process.argv.slice(2));
