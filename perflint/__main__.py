"""Allow `python -m perflint`."""

from perflint.cli import main

raise SystemExit(main())
