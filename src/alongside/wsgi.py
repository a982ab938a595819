import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
application = get_wsgi_application()

# A server started with keys that cannot open the stored text stops here, with the reason,
# instead of answering every page with an error (alongside serve and the worker run all checks).
from alongside.core.checks import check_field_keys_open_the_data  # noqa: E402

_key_errors = check_field_keys_open_the_data(None)
from django.db import connection  # noqa: E402

connection.close()  # a pre-forking server must not share this connection with its workers
if _key_errors:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"{_key_errors[0].msg} {_key_errors[0].hint}")
