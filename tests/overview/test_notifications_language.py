"""Alerts and the daily digest speak each recipient's language, whatever language the worker runs in."""

import pytest
from django.utils import translation

from backoffice.core.models import Notification, OutboxMessage
from backoffice.core.preferences import preference_update
from backoffice.core.roles import EMPLOYEE, OFFICE_MANAGER
from backoffice.overview import alerts
from backoffice.supplies import services as supplies
from tests.builders import make_user
from tests.supplies.builders import make_item, make_location, stock

pytestmark = pytest.mark.django_db

OTHER = {"cs": "en", "en": "cs"}
DIGEST = {
    "cs": ("Denní přehled: 1 věc vyžaduje vaši pozornost", "toto vyžaduje vaši pozornost:"),
    "en": ("Daily digest: 1 thing needs your attention", "these need your attention:"),
}
BELOW = {
    "cs": "Pero modré je pod bodem objednání (skladem 1, objednat při 5)",
    "en": "Pero modré is below its reorder point (1 on hand, reorder at 5)",
}


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_alert_and_the_digest_are_in_the_managers_language(language):
    manager = make_user(OFFICE_MANAGER)
    preference_update(actor=manager, user=manager, language=language, daily_digest=True)
    bystander = make_user(EMPLOYEE)
    preference_update(actor=bystander, user=bystander, language=language, daily_digest=True)
    item = make_item(name="Pero modré")
    stock(item, make_location(), 1)
    supplies.reorder_rule_set(actor=None, item=item, method="manual", min_quantity=5, max_quantity=20)
    with translation.override(OTHER[language]):  # the daily jobs run in the other language
        alerts.alerts_refresh()
        assert alerts.digest_send() == 1
    assert list(Notification.objects.filter(recipient=manager).values_list("title", flat=True)) == [BELOW[language]]
    [digest] = OutboxMessage.objects.filter(to=[manager.email])
    subject, intro = DIGEST[language]
    assert digest.subject == subject
    assert intro in digest.body and f"- {BELOW[language]}" in digest.body
    assert not OutboxMessage.objects.filter(to=[bystander.email]).exists()
