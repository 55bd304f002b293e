"""The shape of HSDS input, checked before anything touches the database: each field the importer
reads has a type and a length limit, so a hostile file ends in one error naming the record and
the field, never a traceback or a 50 MB description. Fields we do not read are left alone."""

from dataclasses import dataclass

TEXT_LIMIT = 10_000
MAX_ITEMS = 500


class ShapeError(ValueError):
    def __init__(self, field, message):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Text:
    limit: int = TEXT_LIMIT

    def check(self, value, field):
        if not isinstance(value, str):
            raise ShapeError(field, f"must be text, not {type(value).__name__}")
        if len(value) > self.limit:
            raise ShapeError(field, f"is longer than {self.limit:,} characters")


@dataclass(frozen=True)
class Int:
    low: int
    high: int

    def check(self, value, field):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ShapeError(field, f"must be a whole number, not {type(value).__name__}")
        if not self.low <= value <= self.high:
            raise ShapeError(field, f"must be between {self.low} and {self.high}")


@dataclass(frozen=True)
class Scalar:
    """An attribute value: text, a number or true/false."""

    def check(self, value, field):
        if isinstance(value, str):
            Text().check(value, field)
        elif not isinstance(value, bool | int | float):
            raise ShapeError(field, f"must be text, a number or true/false, not {type(value).__name__}")


@dataclass(frozen=True)
class Obj:
    fields: dict

    def check(self, value, field=""):
        if not isinstance(value, dict):
            raise ShapeError(field or "record", f"must be an object, not {type(value).__name__}")
        for name, spec in self.fields.items():
            if value.get(name) is not None:
                spec.check(value[name], f"{field}.{name}" if field else name)


@dataclass(frozen=True)
class ListOf:
    item: object

    def check(self, value, field):
        if not isinstance(value, list):
            raise ShapeError(field, f"must be a list, not {type(value).__name__}")
        if len(value) > MAX_ITEMS:
            raise ShapeError(field, f"has more than {MAX_ITEMS} items")
        for n, item in enumerate(value):
            self.item.check(item, f"{field}[{n}]")


ATTRIBUTE = Obj({"taxonomy_term": Obj({"code": Text(100)}), "value": Scalar()})
ATTRIBUTES = ListOf(ATTRIBUTE)
ORGANIZATION_FIELDS = {
    "id": Text(100),
    "name": Text(200),
    "description": Text(),
    "email": Text(254),
    "website": Text(200),
    "year_incorporated": Int(1800, 2100),
    "attributes": ATTRIBUTES,
}
SERVICE_FIELDS = {
    "id": Text(100),
    "name": Text(250),
    "description": Text(),
    "status": Text(40),
    "organization_id": Text(100),
    "organization": Obj(ORGANIZATION_FIELDS),
    "url": Text(300),
    "email": Text(254),
    "interpretation_services": Text(),
    "fees_description": Text(200),
    "eligibility_description": Text(),
    "assured_date": Text(40),
    "assurer_email": Text(254),
    "phones": ListOf(Obj({"id": Text(100), "number": Text(50), "description": Text(200), "attributes": ATTRIBUTES})),
    "schedules": ListOf(
        Obj(
            {
                "id": Text(100),
                "opens_at": Text(20),
                "closes_at": Text(20),
                "byday": Text(100),
                "attributes": ATTRIBUTES,
            }
        )
    ),
    "service_areas": ListOf(Obj({"name": Text(500), "attributes": ATTRIBUTES})),
    "languages": ListOf(Obj({"code": Text(10), "name": Text(100)})),
    "funding": ListOf(Obj({"source": Text(), "attributes": ATTRIBUTES})),
    "attributes": ATTRIBUTES,
}
ORGANIZATION = Obj({**ORGANIZATION_FIELDS, "services": ListOf(Obj(SERVICE_FIELDS))})
SERVICE = Obj(SERVICE_FIELDS)
