"""Reading printers over SNMP (v2c or v3) with the Printer-MIB (RFC 3805) and the Host Resources MIB.

No database here: `read_devices` takes targets and returns what each device said (or why it said nothing), so
the poller can ask many devices at once, each with its own deadline, and one dead device stalls nobody.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyasn1.type.univ import Null
from pysnmp.hlapi.v1arch import asyncio as v1
from pysnmp.hlapi.v3arch import asyncio as v3
from pysnmp.proto.rfc1902 import ObjectName
from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
HR_DEVICE_DESCR = "1.3.6.1.2.1.25.3.2.1.3"
PRT_GENERAL_SERIAL = "1.3.6.1.2.1.43.5.1.1.17"
PRT_MARKER_LIFE_COUNT = "1.3.6.1.2.1.43.10.2.1.4"
PRT_SUPPLIES_DESCRIPTION = "1.3.6.1.2.1.43.11.1.1.6"
PRT_SUPPLIES_MAX_CAPACITY = "1.3.6.1.2.1.43.11.1.1.8"
PRT_SUPPLIES_LEVEL = "1.3.6.1.2.1.43.11.1.1.9"

# RFC 3805 prtMarkerSuppliesLevel / MaxCapacity: values below zero are not amounts.
SPECIAL_VALUES = {
    -1: gettext_lazy("other"),
    -2: gettext_lazy("unknown"),
    -3: gettext_lazy("some remaining"),
}

# A level the device gave with a capacity that is no amount: whole phrases, nothing put together from words.
CAPACITY_UNKNOWN_TEXT = {
    -1: gettext_lazy("%(level)s (capacity given as “other”)"),
    -2: gettext_lazy("%(level)s (capacity unknown)"),
    -3: gettext_lazy("%(level)s (capacity given as “some remaining”)"),
}

UNREACHABLE = "unreachable"
CREDENTIALS = "credentials"
GARBAGE = "garbage"

# pysnmp's error indications that mean the device refused who we said we are (SNMP v3 USM)
_CREDENTIAL_ERRORS = {
    "UnknownUserName",
    "UnknownSecurityName",
    "WrongDigest",
    "DecryptionError",
    "AuthenticationError",
    "AuthenticationFailure",
    "UnsupportedSecurityLevel",
    "NoAuthentication",
}

AUTH_PROTOCOLS = {
    "md5": v3.usmHMACMD5AuthProtocol,
    "sha": v3.usmHMACSHAAuthProtocol,
    "sha224": v3.usmHMAC128SHA224AuthProtocol,
    "sha256": v3.usmHMAC192SHA256AuthProtocol,
    "sha384": v3.usmHMAC256SHA384AuthProtocol,
    "sha512": v3.usmHMAC384SHA512AuthProtocol,
}
PRIV_PROTOCOLS = {
    "des": v3.usmDESPrivProtocol,
    "aes128": v3.usmAesCfb128Protocol,
    "aes192": v3.usmAesCfb192Protocol,
    "aes256": v3.usmAesCfb256Protocol,
}


@dataclass(frozen=True)
class Target:
    """Where a device is and how to talk to it. The secrets stay out of repr() (and so out of logs)."""

    key: object  # the caller's id for the device (an asset's pk)
    host: str
    port: int = 161
    version: str = "2c"
    community: str = field(default="public", repr=False)  # v2c
    user: str = ""  # v3 (USM user name)
    auth_protocol: str = "sha"
    auth_key: str = field(default="", repr=False)
    priv_protocol: str = "aes128"
    priv_key: str = field(default="", repr=False)
    context: str = ""  # v3 context name; most devices use the empty one

    @property
    def endpoint(self) -> tuple[str, int]:
        return (self.host, self.port)

    @property
    def credentials(self) -> tuple:
        return (self.user, self.auth_protocol, self.auth_key, self.priv_protocol, self.priv_key)


@dataclass
class Supply:
    index: int
    description: str
    max_capacity: int
    level: int


@dataclass
class DeviceReport:
    key: object
    sys_descr: str = ""
    device_descr: str = ""
    serial_number: str = ""
    page_count: int | None = None
    supplies: list[Supply] = field(default_factory=list)
    error_kind: str = ""
    error: str = ""
    requests: int = 0  # SNMP requests it took (GETBULKs; v3 engine discovery not counted)

    @property
    def ok(self) -> bool:
        return not self.error_kind


def level_text(level: int, max_capacity: int) -> str:
    """What a person should read: a percentage only when both numbers are real amounts."""
    if level in SPECIAL_VALUES:
        return str(SPECIAL_VALUES[level])
    if max_capacity > 0 and 0 <= level <= max_capacity:
        return f"{round(level * 100 / max_capacity)} %"
    if max_capacity in CAPACITY_UNKNOWN_TEXT:
        return str(CAPACITY_UNKNOWN_TEXT[max_capacity]) % {"level": level}
    return _("%(level)s of %(capacity)s") % {"level": level, "capacity": max_capacity}


def level_percent(level: int, max_capacity: int) -> int | None:
    if max_capacity > 0 and 0 <= level <= max_capacity:
        return round(level * 100 / max_capacity)
    return None


class _DeviceError(Exception):
    def __init__(self, kind: str, message: str):
        self.kind, self.message = kind, message
        super().__init__(message)


def _check(error_indication, error_status, error_index) -> None:
    if error_indication:
        text = str(error_indication)
        folded = text.replace(" ", "").casefold()
        if type(error_indication).__name__ in _CREDENTIAL_ERRORS:
            raise _DeviceError(CREDENTIALS, _("The device refused the credentials: %(error)s") % {"error": text})
        if "timeout" in folded or "timedout" in folded:
            raise _DeviceError(
                UNREACHABLE,
                _("No answer: the device is off or unreachable, or the community is wrong (%(error)s).")
                % {"error": text},
            )
        raise _DeviceError(UNREACHABLE, _("The device could not be read: %(error)s") % {"error": text})
    if error_status:
        raise _DeviceError(
            GARBAGE, _("The device answered with an error: %(error)s") % {"error": error_status.prettyPrint()}
        )


def _text(value) -> str:
    raw = bytes(value.asOctets()) if hasattr(value, "asOctets") else str(value).encode()
    return raw.decode("utf-8", errors="replace").replace("\x00", "").strip()[:300]


UNUSABLE = {
    "pages": gettext_lazy("The device sent an unusable page counter: %(value)s"),
    "capacity": gettext_lazy("The device sent an unusable consumable capacity: %(value)s"),
    "level": gettext_lazy("The device sent an unusable consumable level: %(value)s"),
}


def _int(value, what: str) -> int:
    """`what`: a key of UNUSABLE, whose whole sentence is the error."""
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise _DeviceError(GARBAGE, str(UNUSABLE[what]) % {"value": repr(str(value)[:40])}) from exc


def _missing(value) -> bool:
    return isinstance(value, (NoSuchObject, NoSuchInstance, EndOfMibView))


def _varbinds(oids: list[str]) -> list[tuple[ObjectName, Null]]:
    """Numeric OIDs as they go on the wire: no MIB lookup, which costs more than the request itself."""
    return [(ObjectName(oid), Null()) for oid in oids]


class _Pool:
    """What one polling round shares: a light v1/v2c dispatcher for all community devices, and an SNMP engine
    per distinct v3 identity (pysnmp keeps one key set per user name in an engine, so two devices with the same
    user and different keys must not share one)."""

    def __init__(self):
        self.dispatcher: v1.SnmpDispatcher | None = None
        self.engines: dict[tuple, v3.SnmpEngine] = {}

    def v2(self) -> v1.SnmpDispatcher:
        if self.dispatcher is None:
            self.dispatcher = v1.SnmpDispatcher()
        return self.dispatcher

    def v3(self, target: Target) -> v3.SnmpEngine:
        if target.credentials not in self.engines:
            self.engines[target.credentials] = v3.SnmpEngine()
        return self.engines[target.credentials]

    def close(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.close()
        for engine in self.engines.values():
            engine.close_dispatcher()


class _Session:
    """GETBULK requests to one device: v2c through the v1 architecture (no engine, no local configuration
    tables), v3 through an engine with the USM user."""

    def __init__(self, pool: _Pool, target: Target, timeout: float):
        self.pool, self.target, self.timeout = pool, target, timeout
        self.requests = 0

    async def open(self) -> None:
        target, per_try = self.target, max(self.timeout / 3, 0.2)
        try:
            if target.version == "3":
                self.transport = await v3.UdpTransportTarget.create(target.endpoint, timeout=per_try, retries=1)
            else:
                self.transport = await v1.UdpTransportTarget.create(target.endpoint, timeout=per_try, retries=1)
        except Exception as exc:  # noqa: BLE001 — a bad host name or address is the device's problem, shown
            raise _DeviceError(UNREACHABLE, _("The address cannot be used: %(error)s") % {"error": exc}) from exc
        if target.version == "3":
            self.auth = v3.UsmUserData(
                target.user,
                authKey=target.auth_key or None,
                privKey=(target.priv_key or None) if target.auth_key else None,
                authProtocol=AUTH_PROTOCOLS.get(target.auth_protocol, v3.usmHMACSHAAuthProtocol)
                if target.auth_key
                else v3.usmNoAuthProtocol,
                privProtocol=PRIV_PROTOCOLS.get(target.priv_protocol, v3.usmAesCfb128Protocol)
                if target.priv_key and target.auth_key
                else v3.usmNoPrivProtocol,
            )
        else:
            self.auth = v1.CommunityData(target.community, mpModel=1)

    async def bulk(self, first_of: list[str], columns: list[str]) -> list[tuple[tuple[int, ...], object]]:
        """One GETBULK: the next value after each of `first_of`, then rows of `columns`."""
        self.requests += 1
        varbinds = _varbinds([*first_of, *columns])
        if self.target.version == "3":
            answer = await v3.bulk_cmd(
                self.pool.v3(self.target),
                self.auth,
                self.transport,
                v3.ContextData(contextName=self.target.context),
                len(first_of),
                ROWS_PER_REQUEST,
                *varbinds,
                lookupMib=False,
            )
        else:
            answer = await v1.bulk_cmd(
                self.pool.v2(), self.auth, self.transport, len(first_of), ROWS_PER_REQUEST, *varbinds, lookupMib=False
            )
        error_indication, error_status, error_index, var_binds = answer
        _check(error_indication, error_status, error_index)
        return [(tuple(name), value) for name, value in var_binds]


SCALAR_COLUMNS = [SYS_DESCR.removesuffix(".0"), HR_DEVICE_DESCR, PRT_GENERAL_SERIAL, PRT_MARKER_LIFE_COUNT]
SUPPLY_COLUMNS = [PRT_SUPPLIES_DESCRIPTION, PRT_SUPPLIES_MAX_CAPACITY, PRT_SUPPLIES_LEVEL]
ROWS_PER_REQUEST = 16
MAX_ROWS = 200


def _oid(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _under(name: tuple[int, ...], column: tuple[int, ...]) -> bool:
    return name[: len(column)] == column


async def _read(pool: _Pool, target: Target, timeout: float) -> DeviceReport:
    """Everything in one GETBULK when the supplies table is short: the four first values (GETNEXT of sysDescr,
    hrDeviceDescr, prtGeneralSerialNumber, prtMarkerLifeCount) and up to 16 rows of the three supplies columns.
    A second request only when every column's last row was still inside its column (the table goes on)."""
    report = DeviceReport(key=target.key)
    session = _Session(pool, target, timeout)
    try:
        await session.open()
        scalars = [_oid(c) for c in SCALAR_COLUMNS]
        columns = [_oid(c) for c in SUPPLY_COLUMNS]
        answer = await session.bulk(SCALAR_COLUMNS, SUPPLY_COLUMNS)
        firsts = {}
        for column, (name, value) in zip(scalars, answer[: len(scalars)], strict=False):
            if _under(name, column) and not _missing(value):
                firsts[column] = value
        table: dict[tuple[int, ...], dict[int, object]] = {c: {} for c in columns}
        rows = answer[len(scalars) :]
        while True:
            last: dict[tuple[int, ...], tuple[int, ...]] = {}
            inside = dict.fromkeys(columns, False)  # was the last repetition of the column still in it?
            for number, (name, value) in enumerate(rows):
                column = columns[number % len(columns)]
                inside[column] = _under(name, column) and not _missing(value)
                if inside[column]:
                    table[column][name[len(column) :]] = value
                    last[column] = name
            full = len(rows) >= ROWS_PER_REQUEST * len(columns)
            more = full and all(inside.values()) and len(last) == len(columns)
            if not more or len(table[columns[0]]) >= MAX_ROWS:
                break
            rows = await session.bulk([], [".".join(map(str, last[c])) for c in columns])
        sys_descr = firsts.get(scalars[0])
        report.sys_descr = _text(sys_descr) if sys_descr is not None else ""
        report.device_descr = _text(firsts[scalars[1]]) if scalars[1] in firsts else ""
        report.serial_number = _text(firsts[scalars[2]]) if scalars[2] in firsts else ""
        if scalars[3] in firsts:
            pages = _int(firsts[scalars[3]], "pages")
            if pages < 0:
                raise _DeviceError(GARBAGE, _("The device reported a negative page counter: %(n)s") % {"n": pages})
            report.page_count = pages
        descriptions, capacities, levels = (table[c] for c in columns)
        for index in sorted(descriptions):
            report.supplies.append(
                Supply(
                    index=index[-1],
                    description=_text(descriptions[index]),
                    max_capacity=_int(capacities.get(index, -2), "capacity"),
                    level=_int(levels.get(index, -2), "level"),
                )
            )
        if not report.sys_descr and not report.supplies and report.page_count is None:
            raise _DeviceError(GARBAGE, _("The device answered but said nothing usable about itself."))
    except _DeviceError as exc:
        report.error_kind, report.error = exc.kind, exc.message
    report.requests = session.requests
    return report


async def _read_with_deadline(pool: _Pool, target: Target, timeout: float) -> DeviceReport:
    try:
        return await asyncio.wait_for(_read(pool, target, timeout), timeout=timeout)
    except TimeoutError:
        return DeviceReport(
            key=target.key,
            error_kind=UNREACHABLE,
            error=_(
                "No complete answer within %(seconds)s s: the device is off, unreachable or too slow, "
                "or the community is wrong."
            )
            % {"seconds": timeout},
        )


async def _read_all(targets: list[Target], timeout: float, per_agent: int, in_flight: int) -> list[DeviceReport]:
    pool = _Pool()
    for target in targets:  # set up before any device's clock starts: our own cost, not the device's time
        if target.version == "3":
            pool.v3(target)
    overall = asyncio.Semaphore(in_flight)
    agents: dict[tuple[str, int], asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_agent))

    async def one(target: Target) -> DeviceReport:
        # the agent's own limit first: a device queued behind a busy (or dead) address holds no overall slot
        async with agents[target.endpoint], overall:
            return await _read_with_deadline(pool, target, timeout)

    try:
        return list(await asyncio.gather(*(one(t) for t in targets)))
    finally:
        pool.close()


def read_devices(
    targets: list[Target], *, timeout: float = 5.0, concurrency: int = 8, in_flight: int = 64
) -> list[DeviceReport]:
    """Read the devices, each within `timeout` seconds: at most `concurrency` requests in flight to one agent
    address (snmpsim on one port, like a weak printer agent, falls behind with more) and `in_flight` overall.

    Devices at other addresses are not held up by a busy or dead one: a dead device holds its own address's slot
    for `timeout` seconds and nothing else.
    """
    if not targets:
        return []
    return asyncio.run(_read_all(targets, timeout, concurrency, in_flight))


def read_device(target: Target, *, timeout: float = 5.0) -> DeviceReport:
    return read_devices([target], timeout=timeout)[0]


def identify(report: DeviceReport) -> dict[str, str]:
    """Manufacturer, model and serial number guessed from what the device says about itself."""
    text = report.device_descr or report.sys_descr.split(";")[0].split(",")[0]
    text = text.removesuffix(" series").strip()
    manufacturer, _sep, model = text.partition(" ")
    return {
        "manufacturer": manufacturer.capitalize() if manufacturer.isupper() else manufacturer,
        "model_name": model.strip(),
        "serial_number": report.serial_number,
    }
