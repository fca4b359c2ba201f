"""``python -m qcdc`` runs the ``qcdc`` command."""

import sys

from qcdc.cli import main

sys.exit(main())
