"""Closed vocabularies of the domain. Values are stored in the database; labels live in app/i18n."""
from enum import Enum


class Kind(str, Enum):
    EVENT = "event"
    EXHIBITION = "exhibition"
    LESSON = "lesson"
    BOOK_START = "book_start"
    DELIVERY = "delivery"


class Status(str, Enum):
    DRAFT = "draft"
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    PUBLISHED = "published"
    HELD = "held"
    CANCELLED = "cancelled"


class Audience(str, Enum):
    PRESCHOOL = "preschool"
    CHILDREN = "children"
    TEENS = "teens"
    ADULTS = "adults"
    SENIORS = "seniors"
    FAMILIES = "families"


class PlaceKind(str, Enum):
    ROOM = "room"
    VENUE = "venue"
    SERVICE_POINT = "service_point"


class PartnerType(str, Enum):
    SCHOOL = "school"
    PRESCHOOL = "preschool"
    CULTURE_HOUSE = "culture_house"
    NGO = "ngo"
    SENIORS = "seniors"
    CARE_CENTRE = "care_centre"
    UNIVERSITY = "university"
    MUNICIPALITY = "municipality"
    LIBRARY = "library"
    OTHER = "other"


class PartnerRole(str, Enum):
    CO_ORGANISER = "co_organiser"
    HOST = "host"
    PARTICIPANT = "participant"
    PERFORMER = "performer"
    SUPPORTER = "supporter"


class Confirmation(str, Enum):
    NOT_ASKED = "not_asked"
    ASKED = "asked"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    PROPOSED = "proposed"


class Role(str, Enum):
    COORDINATOR = "coordinator"
    LIBRARIAN = "librarian"


class LiteracyArea(str, Enum):
    SOCIAL_CIVIC = "social_civic"
    DIGITAL = "digital"
    LANGUAGE_READING = "language_reading"
    CULTURAL = "cultural"
    SCIENCE = "science"


class ExhibitionForm(str, Enum):
    PHYSICAL = "physical"
    VIRTUAL = "virtual"


class DeliveryKind(str, Enum):
    SERVICE_POINT = "service_point"
    HOME = "home"


class SeriesScope(str, Enum):
    """Which occurrences of a series an edit touches."""

    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"


class NotificationKind(str, Enum):
    PARTNER_ANSWERED = "partner_answered"
    ATTENDANCE_MISSING = "attendance_missing"
