"""perflint: keep web content inside its performance budget."""

__version__ = "0.1.0"
DISTRIBUTION = "perflint-web"  # the name on the package index; the package and the command are `perflint`
