//! The whole job: read → layout → normalise → score, for a set of inputs.
