"""What a site publishes and how its pages reach their files.

`references` resolves the references a page makes, as the built site serves them;
`generators` knows each static-site generator's conventions; `model` answers, once per
run, what a file is (a published page, a template, a build input, or nothing published).
Rules ask these through their context, and never guess on their own.
"""

from perflint.site.references import Reference, Site, has_template, image_info

__all__ = ["Reference", "Site", "has_template", "image_info"]
