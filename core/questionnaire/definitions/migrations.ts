// Steps that carry half-finished answers from one definition version to the next (see
// version-upgrade.ts). Add one here whenever a published definition renames a question or an
// option; answers that simply no longer fit are dropped and asked again without a migration.
import type { AnswerMigration } from '../version-upgrade.ts';

export const ANSWER_MIGRATIONS: AnswerMigration[] = [];
