"""Shell ``if`` arms around celery commands: alternatives, not extra processes."""

from __future__ import annotations

from taskaudit.extract.ops import extract_shell

RUN = """\
#!/bin/bash
cd /srv/app
if [[ -n "${NON_ROOT}" ]]; then
\texec celery --app app beat --loglevel INFO
elif [ -f /run/lock ]; then
\texec single-beat celery --app app beat
else
\texec setuidgid app celery --app app beat --loglevel INFO
fi
if celery -A app inspect ping; then echo up; fi
celery -A app worker -Q default
if [ "$1" = worker ]
then
  if [ -n "$HEAVY" ]; then
    celery -A app worker -Q heavy
  fi
fi
"""


def test_each_command_knows_its_if_arms() -> None:
    facts = extract_shell(RUN, "docker/svc/run")
    assert [(c.location.line, c.role, c.branch) for c in facts.commands] == [
        (4, "beat", ("if:3:0",)),
        (6, "beat", ("if:3:1",)),
        (8, "beat", ("if:3:2",)),
        (10, "inspect", ()),
        (11, "worker", ()),
        (15, "worker", ("if:12:0", "if:14:0")),
    ]


def test_words_that_only_contain_if_or_fi_open_nothing() -> None:
    text = "#!/bin/sh\nnotify 'if you see this'\ngifted=1\ncelery -A app beat\n"
    assert [(c.location.line, c.branch) for c in extract_shell(text, "start.sh").commands] == [
        (4, ())
    ]
