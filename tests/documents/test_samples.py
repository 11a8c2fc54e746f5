"""Code samples shown as text (Hugo's highlight shortcode, Liquid's highlight tag) are not the page's markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import check_tree

FRONT = "---\ntitle: T\ndescription: A page about the plans we offer to small teams, and their prices.\n---\n"
SAMPLES = [
    '{{< highlight html >}}\n<img src="x.png">\n{{< /highlight >}}\n',
    '{{% highlight html "linenos=table" %}}\n<img src="x.png">\n{{% /highlight %}}\n',
    '{% highlight html %}\n<img src="x.png">\n{% endhighlight %}\n',
]


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("name", ["page.md", "page.html"])
def test_markup_in_a_code_sample_is_not_checked(tmp_path: Path, sample: str, name: str) -> None:
    after = '<img src="y.png">\n'  # outside the sample: still checked
    report = check_tree(tmp_path, {name: f"{FRONT}<p>Code:</p>\n{sample}{after}".encode()}, select="img-alt")
    assert [f.message.split(" has ")[0] for f in report.findings] == ['<img src="y.png">']
