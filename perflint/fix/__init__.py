"""`perflint fix`: make the findings go away where a machine can, and never lose data."""
