"""sitegen: a Jekyll-compatible static site builder (config → content → render → writer); see pipeline.build."""
