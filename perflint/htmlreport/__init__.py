"""The self-contained HTML report: one page, with nothing to fetch, that people outside engineering can read."""
