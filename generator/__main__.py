"""`python -m generator` runs the gkml command line."""

from generator.cli import main

raise SystemExit(main())
