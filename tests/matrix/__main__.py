"""`python -m tests.matrix`: the local CI matrix runner."""

from .cli import main

main()
