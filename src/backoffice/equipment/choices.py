"""Choices of the equipment module: what an asset is, its state, and the life of a maintenance request."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    COPIER = "copier", _("copier")
    PRINTER = "printer", _("printer")
    MULTIFUNCTION = "multifunction", _("multifunction device")
    FAX = "fax", _("fax")
    SCANNER = "scanner", _("scanner")
    SHREDDER = "shredder", _("shredder")
    PROJECTOR = "projector", _("projector")
    PHONE = "phone", _("phone")
    OTHER = "other", _("other")


class AssetStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("in service")
    OUT_OF_ORDER = "out_of_order", _("out of order")
    IN_REPAIR = "in_repair", _("in repair")
    RETIRED = "retired", _("retired")


ASSET_BADGE = {
    AssetStatus.IN_SERVICE: "success",
    AssetStatus.OUT_OF_ORDER: "danger",
    AssetStatus.IN_REPAIR: "warning",
    AssetStatus.RETIRED: "secondary",
}


class RequestKind(models.TextChoices):
    FAULT = "fault", _("fault")
    PREVENTIVE = "preventive", _("preventive maintenance")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class RequestStatus(models.TextChoices):
    NEW = "new", _("new")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    WAITING = "waiting", _("waiting (parts / vendor)")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


OPEN_STATUSES = [RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS, RequestStatus.WAITING]

# Which status may follow which; "reopen" is its own service (resolved/closed -> assigned or new).
TRANSITIONS = {
    RequestStatus.NEW: {RequestStatus.RESOLVED},
    RequestStatus.ASSIGNED: {RequestStatus.IN_PROGRESS, RequestStatus.WAITING, RequestStatus.RESOLVED},
    RequestStatus.IN_PROGRESS: {RequestStatus.WAITING, RequestStatus.RESOLVED},
    RequestStatus.WAITING: {RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED},
    RequestStatus.RESOLVED: {RequestStatus.CLOSED},
    RequestStatus.CLOSED: set(),
}

REQUEST_BADGE = {
    RequestStatus.NEW: "danger",
    RequestStatus.ASSIGNED: "primary",
    RequestStatus.IN_PROGRESS: "info",
    RequestStatus.WAITING: "warning",
    RequestStatus.RESOLVED: "success",
    RequestStatus.CLOSED: "secondary",
}


class ReadingSource(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    SNMP = "snmp", _("read over SNMP")


class SnmpVersion(models.TextChoices):
    V2C = "2c", _("SNMP v2c")
    V3 = "3", _("SNMP v3")


class SnmpAuthProtocol(models.TextChoices):
    MD5 = "md5", "HMAC-MD5"
    SHA = "sha", "HMAC-SHA-1"
    SHA224 = "sha224", "HMAC-SHA-224"
    SHA256 = "sha256", "HMAC-SHA-256"
    SHA384 = "sha384", "HMAC-SHA-384"
    SHA512 = "sha512", "HMAC-SHA-512"


class SnmpPrivProtocol(models.TextChoices):
    DES = "des", "DES"
    AES128 = "aes128", "AES-128"
    AES192 = "aes192", "AES-192"
    AES256 = "aes256", "AES-256"


class AssetFileKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    DOCUMENT = "document", _("document")


class PollOutcome(models.TextChoices):
    OK = "ok", _("read")
    UNREACHABLE = "unreachable", _("unreachable")
    CREDENTIALS = "credentials", _("wrong credentials")
    GARBAGE = "garbage", _("unusable answer")
