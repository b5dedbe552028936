"""Analysis stages that read a story's articles: provenance, comparison, entities, quotes."""
