// npm run admin -- <group> <command> [options]   (npm run admin -- help)
// Setting up a province from an empty database, scriptable: the first administrator (init),
// institutions and colleges, staff directories, invitations for every role, enterprises, experts,
// and people leaving. Each group lives in scripts/admin/<group>.ts and calls the same core use
// cases as the chat; `--as <email>` acts as that person (their roles checked), without it as the
// operator at the server's command line.

import { runAdmin } from './admin/main.ts';

await runAdmin(process.argv.slice(2));
