"""Local runner for the generated project's GitHub Actions CI, over every answer combination."""
