"""Run JagDesk from a source checkout: ``python main.py`` does what ``jagdesk`` does."""

import sys

from jagdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
