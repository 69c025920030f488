from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from masthead.newsroom.roles import ADMINISTRATORS, EDITORS, REPORTERS

ROLES = {"reporter": REPORTERS, "editor": EDITORS, "administrator": ADMINISTRATORS}


class Command(BaseCommand):
    help = "Invite someone to the newsroom with a role; prints their sign-up link."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--name", default="", help="their full name")

    def handle(self, *args, email, role, name, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address") from None
        users = get_user_model()
        if users.objects.filter(email__iexact=email).exists():
            raise CommandError(f"{email} already has an account")
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist:
            raise CommandError(
                f"the {ROLES[role]} role is missing: run 'masthead manage migrate'"
            ) from None
        first, _, last = name.partition(" ")
        with transaction.atomic():
            user = users.objects.create_user(
                username=email.lower(), email=email, first_name=first, last_name=last
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailadmin_password_reset_confirm",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
        send_mail(
            "You are invited to the newsroom",
            f"Choose your password and sign in: {link}",
            None,
            [email],
        )
        self.stdout.write(f"Invited {email} as {role}. Their sign-up link: {link}")
