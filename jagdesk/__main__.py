"""Allow ``python -m jagdesk``."""

import sys

from jagdesk.cli import main

sys.exit(main())
