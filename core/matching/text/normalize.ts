// One normalisation for both sides of a match (patents and profiles): NFKC folds full-width forms
// ("ＬＥＤ" → "LED") and compatibility characters, then lower case. Applied once, before segmentation,
// so that what the index holds and what a reason quotes are the same strings.
export const normalizeText = (s: string): string => s.normalize('NFKC').toLowerCase();
