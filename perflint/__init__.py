"""perflint: keep web content inside its performance budget."""

__version__ = "0.1.0"
