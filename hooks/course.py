"""MkDocs hooks of the course site (listed under `hooks:` in mkdocs.yml).

* `{{ repo_url }}` in a page's Markdown becomes mkdocs.yml's `repo_url`, the one place the
  course's address is set (the setup page's clone step uses it), and `{{ repo_name }}` its last
  part (the folder `git clone` creates).
* The header links to the repository without fetching its facts from GitHub (offline site).
* A code block titled with a snippet file (`<span class="filename">snippets/....py</span>`, also
  `... (excerpt)`) gets its title linked to that file in the repository.
"""

from __future__ import annotations

import html
import re

from mkdocs.exceptions import PluginError

PLACEHOLDERS = ("{{ repo_url }}", "{{ repo_name }}")
FILENAME_RE = re.compile(r'<span class="filename">((?:snippets|kafkalab)/[^<\s]+)([^<]*)</span>')


def repo_url(config) -> str:
    url = (config.get("repo_url") or "").rstrip("/")
    if not url:
        raise PluginError("mkdocs.yml has no repo_url: set it to the course's repository address")
    return url


def on_page_markdown(markdown: str, page, config, files) -> str:
    if any(p in markdown for p in PLACEHOLDERS):
        url = repo_url(config)
        markdown = markdown.replace("{{ repo_url }}", url)
        markdown = markdown.replace("{{ repo_name }}", url.rsplit("/", 1)[-1])
    return markdown


def file_link(config, path: str) -> str:
    """The repository page of a file of the course (on the main branch)."""
    return f"{repo_url(config)}/blob/main/{path}"


def on_page_content(content: str, page, config, files) -> str:
    if '<span class="filename">' not in content:
        return content

    def link(m: re.Match[str]) -> str:
        path = html.unescape(m.group(1))
        href = html.escape(file_link(config, path), quote=True)
        return (
            f'<span class="filename"><a href="{href}" title="Open {m.group(1)} in the repository">'
            f"{m.group(1)}</a>{m.group(2)}</span>"
        )

    return FILENAME_RE.sub(link, content)


def on_post_page(output: str, page, config) -> str:
    """Keep the header's repository link, but not Material's fetch of its stars and forks from
    api.github.com: the site must work offline and make no request outside itself."""
    return output.replace(' data-md-component="source"', "")
