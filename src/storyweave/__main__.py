"""``python -m storyweave`` runs the command line."""

from storyweave.cli import main

main()
