"""Collections besides posts, as Jekyll reads them: documents (files with front matter in `_<label>/`) and
the collection's static files, their URLs from the collection's permalink, and the documents' order."""
from __future__ import annotations

import posixpath
import re
from datetime import datetime
from functools import cmp_to_key

from sitegen.config import SiteConfig
from sitegen.content import (SourceReader, excerpt_of, layout_name, merged_front_matter, output_ext_for,
                             starts_with_front_matter, titleize_slug, word_list)
from sitegen.errors import warn
from sitegen.frontmatter import SourceDoc, parse_date
from sitegen.model import Collection, Document, StaticFile
from sitegen.permalinks import add_permalink_suffix, expand_style, fill_template, output_path, post_placeholders
from sitegen.scan import SourceEntry, SourceListing

# Jekyll's Document::DATE_FILENAME_MATCHER and DATELESS_FILENAME_MATCHER, on the path inside the collection.
DATE_NAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
DATELESS_NAME = re.compile(r"^(?:.+/)*(.*)(\.[^./]+)$")


def url_template(config: SiteConfig, label: str) -> str:
    """Jekyll's Collection#url_template: the collection's `permalink`, else `/:collection/:path` with the
    suffix of the site's permalink style (`:output_ext` for the default `date` style)."""
    permalink = config.collections[label].get("permalink")
    if permalink:
        return expand_style(str(permalink))
    return add_permalink_suffix("/:collection/:path", config.permalink)


def _cleaned_path(inner: str) -> str:
    """Jekyll's cleaned_relative_path: the path inside the collection, without extension and trailing dots."""
    return "/" + posixpath.splitext(inner)[0].rstrip(".")


def read_document(entry: SourceEntry, doc: SourceDoc, *, label: str, inner: str, config: SiteConfig,
                  display: str, site_time: datetime) -> Document:
    """A collection document: title and slug from its file name (a date prefix sets the date), URL from the
    collection's permalink; undated documents carry site.time, as in Jekyll."""
    name = entry.rel_path.rsplit("/", 1)[-1]
    front = merged_front_matter(config, entry.rel_path, label, doc)
    dated = DATE_NAME.match(inner)
    date = site_time
    if dated:
        date = parse_date(dated.group(1), config.tz, display=display, line=1, key="file name date")
        stem = dated.group(2)
    else:
        dateless = DATELESS_NAME.match(inner)
        stem = dateless.group(1) if dateless else posixpath.basename(inner)
    stem = stem.rstrip(".")
    if front.get("date") is not None:
        date = parse_date(front["date"], config.tz, display=display, line=doc.line_of_key("date"))
    slug = str(front.get("slug") or stem)
    categories = word_list(front.get("categories")) + word_list(front.get("category"))
    output_ext, markdown = output_ext_for(config, name)
    values = post_placeholders(date=date, slug=slug, categories=categories, output_ext=output_ext, collection=label,
                               path=_cleaned_path(inner), name=posixpath.splitext(name)[0])
    template = str(front["permalink"]) if front.get("permalink") else url_template(config, label)
    url = fill_template(template, values)
    separator = front.get("excerpt_separator", config.excerpt_separator)
    return Document(
        rel_path=entry.rel_path, display_path=display, front_matter=front, body=doc.body,
        body_offset=doc.body_offset, url=url, out_rel=output_path(url, output_ext), output_ext=output_ext,
        source_hash=doc.source_hash, kind="document", markdown=markdown,
        title=str(front["title"]) if front.get("title") is not None else titleize_slug(stem),
        layout=layout_name(front, None), date=date, tags=word_list(front.get("tags")) + word_list(front.get("tag")),
        categories=categories, key_lines=doc.key_lines, collection=label, slug=slug,
        excerpt_source=excerpt_of(doc.body, str(separator)) if separator else doc.body,
        excerpt_offset=doc.body_offset,
    )


def _static_file(entry: SourceEntry, *, label: str, inner: str, template: str, output: bool) -> StaticFile:
    """A collection's file without front matter: copied (when the collection is output) to the collection's
    URL with an empty :output_ext and its own extension (Jekyll's StaticFile#url)."""
    extension = posixpath.splitext(inner)[1]
    values = {"collection": label, "path": _cleaned_path(inner), "output_ext": "",
              "name": posixpath.splitext(posixpath.basename(inner))[0], "title": ""}
    url = fill_template(template, values).rstrip("/") + extension
    out_rel = output_path(url, extension).lstrip("/")
    return StaticFile(entry.rel_path, entry.path, out_rel, url, entry.mtime_ns, entry.size, collection=label,
                      write=output)


def read_collections(config: SiteConfig, listing: SourceListing, reader: SourceReader, *, site_time: datetime,
                     now: datetime, future: bool, unpublished: bool) -> tuple[list[Collection], list[datetime]]:
    """Every configured collection but posts, in _config.yml's order, and the dates of documents held back
    as future ones (listed in Liquid, written once their date has come, as Jekyll's publisher decides)."""
    collections, future_dates = [], []
    settings = (config.settings_key, str(site_time))
    for label, entries in listing.collections.items():
        metadata = config.collections[label]
        collection = Collection(label, metadata, config.collection_folder(label))
        template = url_template(config, label)
        for entry in entries:
            inner = entry.rel_path[len(collection.folder) + 1:]

            def make(entry: SourceEntry = entry, inner: str = inner, label: str = label) -> Document | StaticFile:
                if not starts_with_front_matter(entry.path):
                    return _static_file(entry, label=label, inner=inner, template=template,
                                        output=collection.output)
                return read_document(entry, reader.parse(entry), label=label, inner=inner, config=config,
                                     display=reader.display(entry.rel_path), site_time=site_time)

            item = reader.built(entry, ("document", label, settings), make)
            if isinstance(item, StaticFile):
                collection.files.append(item)
            elif item.front_matter.get("published") is not False or unpublished:
                item.write = collection.output and (item.date <= now or future)
                if collection.output and not item.write:
                    future_dates.append(item.date)
                collection.docs.append(item)
        collection.docs = sort_documents(collection)
        collections.append(collection)
    return collections, future_dates


def _compare(one: Document, two: Document) -> int:
    """Jekyll's Document#<=>: by date when both have one (file name or front matter; an undated document's
    date is unset while the collection is sorted), then by path."""
    if _dated(one) and _dated(two) and one.date != two.date:
        return -1 if one.date < two.date else 1
    return (one.rel_path > two.rel_path) - (one.rel_path < two.rel_path)


def _dated(doc: Document) -> bool:
    return doc.front_matter.get("date") is not None or DATE_NAME.match(doc.rel_path) is not None


def _sort_value(doc: Document, key: str) -> object:
    """doc.data[key] as Jekyll has it when sorting: front matter, with the title, slug and date it computed."""
    computed = {"title": doc.title, "slug": doc.slug, "date": doc.date if _dated(doc) else None}
    return computed[key] if key in computed else doc.front_matter.get(key)


def sort_documents(collection: Collection) -> list[Document]:
    """The documents in Jekyll's order: `order` (file names first, in that order), else `sort_by` (documents
    without the key last, each warned about), else by date and path."""
    docs = sorted(collection.docs, key=cmp_to_key(_compare))
    order = collection.metadata.get("order")
    if isinstance(order, list):
        by_path = {doc.rel_path: doc for doc in docs}
        listed = [by_path.pop(f"{collection.folder}/{name}") for name in map(str, order)
                  if f"{collection.folder}/{name}" in by_path]
        return listed + list(by_path.values())
    key = collection.metadata.get("sort_by")
    if not isinstance(key, str):
        return docs
    values = {doc.rel_path: _sort_value(doc, key) for doc in docs}
    missing = [doc for doc in docs if values[doc.rel_path] is None]
    for doc in missing if len(missing) < len(docs) else ():
        warn(doc.display_path, None, f"sort_by: '{key}' not defined (listed after the documents that have it)")

    def compare(one: Document, two: Document) -> int:
        first, second = values[one.rel_path], values[two.rel_path]
        if (first is None) != (second is None):
            return 1 if first is None else -1
        try:
            result = (first > second) - (first < second)
        except TypeError:  # Ruby's <=> gives nil for values that do not compare: fall back to Document#<=>
            result = 0
        return result or _compare(one, two)

    return sorted(docs, key=cmp_to_key(compare))


def posts_collection(config: SiteConfig) -> Collection:
    """The posts as a collection (for site.collections): always output, its permalink the posts' template."""
    metadata = {**config.collections["posts"], "permalink": expand_style(config.post_permalink)}
    return Collection("posts", metadata, config.collection_folder("posts"))


def collection_drop(collection: Collection, docs: list[dict], *, src_dir: str) -> dict:
    """Jekyll's CollectionDrop: the collection's settings plus label, docs, files, output, directories."""
    return {**collection.metadata, "label": collection.label, "docs": docs,
            "files": [static.to_dict() for static in collection.files], "output": collection.output,
            "directory": posixpath.join(src_dir, collection.folder),
            "relative_directory": f"_{collection.label}"}
