from __future__ import annotations

from taskaudit.extract.ops import extract_shell

ENTRYPOINT = """\
#!/bin/sh
set -e
# celery -A commented worker
cat <<EOF > /tmp/notes
celery -A heredoc worker
EOF
case "$1" in
  worker)
    exec celery -A proj worker \\
      -Q default,emails -l info
    ;;
  "beat"|celerybeat) exec single-beat celery -A proj beat ;;
  flower)
    case "$2" in
      dev) celery -A proj flower --port=5555 ;;
    esac
    ;;
  *)
    exec "$@"
    ;;
esac
echo "celery started"
if celery -A proj inspect ping; then echo ok; fi
"""


def test_case_branches_give_context() -> None:
    facts = extract_shell(ENTRYPOINT, "docker-entrypoint.sh")
    assert [
        (c.location.line, c.context, c.role, c.queues, c.wrapped_by) for c in facts.commands
    ] == [
        (9, "docker-entrypoint.sh:worker", "worker", ("default", "emails"), ("exec",)),
        (12, "docker-entrypoint.sh:beat|celerybeat", "beat", None, ("exec", "single-beat")),
        (15, "docker-entrypoint.sh:flower:dev", "flower", None, ()),
        (23, "docker-entrypoint.sh", "inspect", None, ()),
    ]


def test_raw_joins_continuations() -> None:
    facts = extract_shell(ENTRYPOINT, "docker-entrypoint.sh")
    assert facts.commands[0].raw == "exec celery -A proj worker -Q default,emails -l info"


def test_indented_heredoc_with_quoted_delimiter_is_skipped() -> None:
    text = "cat <<-'END'\n\tcelery -A p worker\n\tEND\ncelery -A p beat\n"
    facts = extract_shell(text, "bin/start")
    assert [(c.location.line, c.context, c.role) for c in facts.commands] == [
        (4, "bin/start", "beat")
    ]


def test_near_misses() -> None:
    text = (
        "# exec celery -A p worker\n"
        'echo "starting celery -A p worker"\n'
        "npm run worker\n"
        "cp celery_app.py /app/\n"
        "pytest -k celery\n"
        "case $x in\n  celery) echo celery ;;\nesac\n"
    )
    assert extract_shell(text, "run.sh").commands == ()
