"""`backoffice token create USERNAME`: make an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from backoffice.core import tokens
from backoffice.core.context import acting_as, job_actor
from backoffice.core.errors import DomainError


class Command(BaseCommand):
    help = "Manage API tokens: create USERNAME [--name NAME] | list USERNAME | revoke USERNAME TOKEN_ID"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "list", "revoke"])
        parser.add_argument("username")
        parser.add_argument("token_id", nargs="?", type=int)
        parser.add_argument("--name", default="command line")

    def handle(self, *args, action, username, token_id, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        with acting_as(job_actor("cli:token")):
            try:
                if action == "create":
                    _, key = tokens.token_create(user=user, name=name)
                    self.stdout.write(key)
                elif action == "list":
                    for token in tokens.tokens_of(user):
                        state = "revoked" if token.revoked_at else "active"
                        self.stdout.write(f"{token.id}\t{token.prefix}…\t{token.name}\t{state}")
                else:
                    if token_id is None:
                        raise CommandError("Say which token: backoffice token revoke USERNAME TOKEN_ID")
                    tokens.token_revoke(user=user, token_id=token_id)
                    self.stdout.write(f"Token {token_id} revoked.")
            except DomainError as exc:
                raise CommandError(exc.message) from exc
