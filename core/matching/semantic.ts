// Where a semantic model (sentence embeddings) would plug in behind the text scorer. Nothing here
// depends on one: no Chinese embedding model's weights can be installed from the registries this
// project uses, so by default there is no semantic evidence at all. A scorer returns a similarity in
// [0, 1] for a profile and a pool document; it is worth up to WEIGHTS.semantic points and is given as
// its own reason, so the reasons still add up to the score.
export interface SemanticScorer {
  /** Called once per enterprise per run: prepare what `similarity` needs (e.g. embed the profile). */
  forProfile(profileText: string): SemanticProfile;
}

export interface SemanticProfile {
  /** Similarity of the profile to pool document `doc` (index in the pool), 0 to 1. */
  similarity(doc: number): number;
}
