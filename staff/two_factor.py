"""Two-factor login: who must have it, the devices that give it, and the codes that prove it.

An authenticator app (TOTP, django-otp's ``TOTPDevice``) gives the six-digit codes; ten backup codes (a
``StaticDevice``, each code usable once) stand in when the phone is lost. Redaktur and admin kota, who can
publish, and superusers must use it; a penulis is asked to and may decline. A TOTP code is refused the second
time (django-otp keeps the last time step used), and wrong codes slow the next attempt down exponentially.
"""

import base64
import io
import re
from urllib.parse import parse_qs, urlparse

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cities.models import EDITOR_ROLES, Membership

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
BACKUP_NAME = "backup"


def required_for(user, roles=None) -> bool:
    """Whether ``user`` may not work without a second factor: superusers, redaktur and admin kota anywhere.

    ``roles``: the user's roles, when the caller has them already.
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if roles is None:
        return Membership.objects.filter(user_id=user.pk, role__in=EDITOR_ROLES).exists()
    return any(role in EDITOR_ROLES for role in roles)


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return authenticator(user) is not None


def satisfied(user, roles=None) -> bool:
    """Whether a logged-in ``user``'s session may be used: verified, or not needed and never set up."""
    if user.is_verified():
        return True
    return not required_for(user, roles) and not has_second_factor(user)


def looks_like_app_code(code: str) -> bool:
    return bool(re.fullmatch(r"\d{6}", code))


def normalise(code: str) -> str:
    """What staff type, as stored: spaces and dashes dropped (``123 456``, ``abcd-efgh``), lower case."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def verify(user, code: str):
    """The device that accepts ``code`` for ``user`` (the app for six digits, else a backup code), or ``None``.

    Each device refuses codes while its throttle delay runs; see ``wait_seconds``.
    """
    code = normalise(code)
    model = TOTPDevice if looks_like_app_code(code) else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        accepted = verify_token(user, device.persistent_id, code)
        if accepted is not None:
            return accepted
    return None


def wait_seconds(user, *devices) -> int:
    """How long the user must wait before a code can be accepted again after wrong ones (0: none).

    ``devices``: the ones to ask (by default, all the user's confirmed devices).
    """
    longest = 0
    for device in devices or devices_for_user(user):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            longest = max(longest, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
    return longest


def unconfirmed_authenticator(user, device_id) -> TOTPDevice | None:
    """The device an enrolment under way shows (``device_id`` from the session), if it is still unconfirmed."""
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()


def readable_secret(device: TOTPDevice) -> str:
    """The secret as typed into an app by hand: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_authenticator(user) -> TOTPDevice:
    """An unconfirmed authenticator for ``user`` to scan; it counts once a code from it is entered."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm_authenticator(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a code from it: it replaces the user's former app, and new backup codes are
    made and returned (shown once). ``None`` when the code is wrong."""
    if not device.verify_token(normalise(code)):
        return None
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Ten new backup codes for ``user``; the former ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def enrol_for_script(user) -> str:
    """A confirmed authenticator made without a phone at hand, for accounts made by a script: its
    ``otpauth://`` URI is the only copy of the secret the caller gets."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    return device.config_url


@transaction.atomic
def remove_second_factor(user) -> None:
    """Forget the user's app and backup codes (a lost phone): they enrol again at their next login."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` URI as an inline SVG QR code, for the authenticator app to scan."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=5, border=2, svgclass="qr-code"
    )
    return buffer.getvalue().decode()


def code_now(uri: str) -> str:
    """The code an authenticator app that scanned the ``otpauth://`` URI ``uri`` shows now: for demos and
    scripted checks of accounts made by ``create_staff``."""
    query = parse_qs(urlparse(uri).query)
    secret = query["secret"][0]
    totp = TOTP(
        base64.b32decode(secret + "=" * (-len(secret) % 8)),
        step=int(query.get("period", ["30"])[0]),
        digits=int(query.get("digits", ["6"])[0]),
    )
    return f"{totp.token():0{totp.digits}d}"
