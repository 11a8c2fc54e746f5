"""perflint: keep web content inside its performance budget."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/perflint/perflint"
