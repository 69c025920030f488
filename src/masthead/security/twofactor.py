"""Two-factor sign-in to the admin: after the password, a six-digit code from
an authenticator app (TOTP, RFC 6238).

django-otp keeps the devices, checks codes (refusing a code twice, and slowing
down guessing after each wrong one) and marks a session as verified. This is
the Wagtail part: a page that asks for the code, a page where each user turns
it on or off, and a middleware that keeps an unverified session out of every
other admin page. settings.MASTHEAD_2FA says who must: "optional" (whoever
turned it on), "required" (every admin user) or "off".

wagtail-2fa, the package made for this, does not import on Wagtail 8 (it uses
wagtail.users.widgets, removed in Wagtail 7): see docs/security.md.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

ADMIN_PREFIX = "/admin/"  # as masthead.config.urls mounts it
# Admin pages an unverified session may still open.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "masthead_2fa_verify",
}


class TwoFactorMiddleware(OTPMiddleware):
    """Sends an admin user who has a device, or who must have one, to the code
    page (or the set-up page) until this session has given a right code.
    Public pages are left alone: they never look at the user, and the page
    cache needs them not to touch the session."""

    def __call__(self, request):
        mode = settings.MASTHEAD_2FA
        if mode == "off" or not request.path_info.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        self._install_lazy_accessors(request)
        user = request.user
        if (
            user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not user.is_verified()
        ):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in OPEN_URL_NAMES:
                if user_has_device(user):
                    return redirect_to_login(
                        request.get_full_path(), reverse("masthead_2fa_verify")
                    )
                if mode == "required" and name != "masthead_2fa_setup":
                    return redirect_to_login(
                        request.get_full_path(), reverse("masthead_2fa_setup")
                    )
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, devices, *args, **kwargs):
        self.devices = devices
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        for device in self.devices:
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    "Too many wrong codes: wait a minute, then enter the code "
                    "your app shows at that moment."
                )
            if device.verify_token(code):
                self.device = device
                return code
        raise forms.ValidationError(
            "That code is not right. Enter the six digits your authenticator "
            "app shows now for this site."
        )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput()
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if not authenticate(
            self.request, username=user.get_username(), password=password
        ):
            raise forms.ValidationError("That is not your password.")
        return password


def next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("wagtailadmin_home")


def confirmed_devices(user):
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


@sensitive_post_parameters("code")
@never_cache
def verify(request):
    """The second step of signing in."""
    user = request.user
    if settings.MASTHEAD_2FA == "off":
        raise Http404
    if not user.is_authenticated:
        return redirect_to_login(next_url(request), reverse("wagtailadmin_login"))
    devices = confirmed_devices(user)
    if user.is_verified() or not devices:
        return redirect(next_url(request))
    form = CodeForm(devices, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(next_url(request))
    return render(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": next_url(request)},
    )


@sensitive_post_parameters("code", "password")
@never_cache
def setup(request):
    """Where each user turns two-factor sign-in on (scanning a QR code into an
    app and typing the code it shows) or off (with their password)."""
    if settings.MASTHEAD_2FA == "off":
        raise Http404
    user = request.user
    if confirmed_devices(user):
        form = PasswordForm(request, request.POST or None)
        if request.method == "POST" and form.is_valid():
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, "Two-factor sign-in is off.")
            return redirect("masthead_2fa_setup")
        return render(
            request,
            "security/two_factor_setup.html",
            {"enabled": True, "form": form, "required": is_required()},
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=False
        )
    form = CodeForm([device], request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(
            request, "Two-factor sign-in is on: you will be asked for a code."
        )
        return redirect(next_url(request))
    return render(
        request,
        "security/two_factor_setup.html",
        {
            "enabled": False,
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
            "next": next_url(request),
            "required": is_required(),
        },
    )


def is_required() -> bool:
    return settings.MASTHEAD_2FA == "required"


def qr_svg(text: str) -> str:
    """The otpauth:// address as an SVG QR code, drawn here: no image request."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]
