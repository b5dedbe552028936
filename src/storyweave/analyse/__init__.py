"""Analysis stages that read a story's articles: provenance and cross-source comparison."""
