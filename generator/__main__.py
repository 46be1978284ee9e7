"""`python -m generator` runs the gkml command line."""

from generator.launcher import main

raise SystemExit(main())
