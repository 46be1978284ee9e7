"""The JSON Schema of catalog.json, published beside it (catalog.schema.json).

A re-user's walk asked which schema to validate the file against: an open-data platform checks
each harvest before it takes it. The schema is made from the same declaration as the file's
columns and the data page (`datafields`): each item property carries its column's description,
and the enumerations are the fields' own (`Status`, `Disclosure`).
"""

from __future__ import annotations

import json

from generator import urls
from generator.datafields import COLUMNS, described
from generator.fields import Disclosure, Status

__all__ = ["catalog_schema"]

Schema = dict[str, object]
_TEXT: Schema = {"type": "string"}
_OPTIONAL_TEXT: Schema = {"type": ["string", "null"]}
_DAY: Schema = {"type": ["string", "null"], "format": "date"}
_TEXTS: Schema = {"type": "array", "items": _TEXT}
# An item's properties by type; the description of each comes from `datafields`.
_TYPES: dict[str, Schema] = {
    "index_no": _TEXT,
    "title": _TEXT,
    "issuer": _TEXT,
    "department": _OPTIONAL_TEXT,
    "doc_no": _OPTIONAL_TEXT,
    "written": _DAY,
    "published": {"type": "string", "format": "date"},
    "status": {"enum": [s.value for s in Status]},
    "status_date": _DAY,
    "disclosure": {"enum": [d.value for d in Disclosure]},
    "category": _TEXT,
    "topics": _TEXTS,
    "genre": _OPTIONAL_TEXT,
    "keywords": _TEXTS,
    "valid_from": _DAY,
    "valid_until": _DAY,
    "replaced_by": _OPTIONAL_TEXT,
    "interprets": _OPTIONAL_TEXT,
    "related": _TEXTS,
    "reason": _OPTIONAL_TEXT,
    "amendments": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"date": {"type": "string", "format": "date"}, "by": _TEXT},
            "required": ["date", "by"],
            "additionalProperties": False,
        },
    },
    "source": {
        "type": ["object", "null"],
        "properties": {"name": _TEXT, "url": _TEXT, "date": _DAY},
        "required": ["name", "url", "date"],
        "additionalProperties": False,
    },
    "attachments": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"title": _TEXT, "url": _TEXT, "size": {"type": "integer", "minimum": 0}},
            "required": ["title", "url", "size"],
            "additionalProperties": False,
        },
    },
    "url": _OPTIONAL_TEXT,
    "category_title": _TEXT,
    "published_time": {"type": ["string", "null"], "pattern": r"^\d{2}:\d{2}$"},
}


def catalog_schema() -> bytes:
    """Return catalog.schema.json: JSON Schema (draft 2020-12) of catalog.json."""
    item: Schema = {
        "type": "object",
        "properties": {
            field.key: {**_TYPES[field.key], "title": field.label, "description": field.description}
            for field in described()
        },
        "required": list(COLUMNS),
        "additionalProperties": False,
    }
    schema: Schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": urls.CATALOG_SCHEMA,
        "title": "政府信息公开目录数据（catalog.json）",
        "type": "object",
        "properties": {
            "site": {**_TEXT, "description": "网站名称"},
            "organization": {**_TEXT, "description": "主办单位"},
            "as_of": {"type": "string", "format": "date", "description": "数据所截至的日期"},
            "generated": {
                "type": "string",
                "format": "date-time",
                "description": "最近一次发布、效力变化或更正的时间（北京时间）",
            },
            "base_url": {**_OPTIONAL_TEXT, "description": "网页地址的前缀；items 的 url 相对于它"},
            "fields": {
                "type": "object",
                "description": "每个字段的中文名称（CSV 的列名）",
                "additionalProperties": _TEXT,
            },
            "categories": {
                "type": "object",
                "description": "栏目代码 → 栏目名称和上级栏目代码",
                "additionalProperties": {
                    "type": "object",
                    "properties": {"title": _TEXT, "parent": _OPTIONAL_TEXT},
                    "required": ["title", "parent"],
                },
            },
            "items": {"type": "array", "items": item},
        },
        "required": [
            "site",
            "organization",
            "as_of",
            "generated",
            "base_url",
            "fields",
            "categories",
            "items",
        ],
    }
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode()
