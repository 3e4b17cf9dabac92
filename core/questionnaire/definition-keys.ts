// The i18n keys a questionnaire definition names, under one prefix ("self-assessment:",
// "roadshow:create."): a question's label and help, an option's label and description.
export function definitionKeys(prefix: string) {
  const k = (path: string) => `${prefix}${path}`;
  const q = (id: string) => ({ id, label: k(`q.${id}.label`), help: k(`q.${id}.help`) });
  const opt = (question: string, id: string, withDescription = false) => ({
    id,
    label: k(`q.${question}.option.${id}.label`),
    ...(withDescription ? { description: k(`q.${question}.option.${id}.description`) } : {}),
  });
  return { k, q, opt };
}
