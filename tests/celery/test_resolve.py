"""Effective Celery settings from the writes a project makes, as Celery 5.5 reads them.

The release-dependent cases at the end were measured on 5.5.3, 5.6.3 and 5.7.0.

Each ``CELERY_5_5`` case was run against Celery 5.5.3 (``config_from_object``
on a settings object, then ``app.conf`` writes, then ``app.conf.<setting>``)
in a throw-away virtualenv; the expected values are what Celery returned.
"""

from __future__ import annotations

import pytest

from taskaudit.celery.settings import (
    DeprecatedSetting,
    Effective,
    IgnoredSetting,
    MixedFamilies,
    Release,
    SettingWrite,
    is_setting_name,
    resolve,
)
from taskaudit.core.location import Location
from taskaudit.core.values import Dict, Unknown, Value

SETTINGS = "config/settings.py"
CELERY = "config/celery.py"
NS = "CELERY"


class Writes:
    """Writes in the order they take effect, each on its own line."""

    def __init__(self) -> None:
        self.items: list[SettingWrite] = []

    def add(
        self, key: str, value: Value, via: str = "module", *, conditional: bool = False
    ) -> Writes:
        path = SETTINGS if via in ("module", "item", "update-call", "class", "dict") else CELERY
        where = Location(path, len(self.items) + 1, 1)
        self.items.append(SettingWrite(key, value, where, via, conditional))
        return self


def at(line: int, path: str = SETTINGS) -> Location:
    return Location(path, line, 1)


def routes(queue: str) -> Dict:
    return Dict((("apps.sync.tasks.pull", queue),))


CELERY_5_5 = [
    # Under the namespace the prefixed key is looked up first in every map,
    # so a bare app.conf write loses to the settings module.
    (
        "bare-app-write-loses",
        NS,
        [
            ("CELERY_TASK_ROUTES", routes("q1"), "module"),
            ("task_routes", routes("q2"), "conf-attr"),
        ],
        "task_routes",
        routes("q1"),
    ),
    (
        "prefixed-app-write-wins",
        NS,
        [
            ("CELERY_TASK_ROUTES", routes("q1"), "module"),
            ("CELERY_TASK_ROUTES", routes("q2"), "conf-attr"),
        ],
        "task_routes",
        routes("q2"),
    ),
    (
        "prefixed-update-wins",
        NS,
        [
            ("CELERY_TASK_ROUTES", routes("q1"), "module"),
            ("CELERY_TASK_ROUTES", routes("q2"), "conf-update"),
        ],
        "task_routes",
        routes("q2"),
    ),
    (
        "kwarg-loses-to-settings",
        NS,
        [("CELERY_TASK_ACKS_LATE", True, "module"), ("task_acks_late", False, "celery-kwarg")],
        "task_acks_late",
        True,
    ),
    (
        "broker-kwarg-loses",
        NS,
        [("CELERY_BROKER_URL", "redis://a", "module"), ("broker", "redis://b", "celery-kwarg")],
        "broker_url",
        "redis://a",
    ),
    (
        "broker-kwarg-alone",
        NS,
        [("broker", "redis://b", "celery-kwarg")],
        "broker_url",
        "redis://b",
    ),
    ("app-write-alone", NS, [("task_acks_late", True, "conf-attr")], "task_acks_late", True),
    # On the app, old names are converted before the lookup.
    ("old-name-on-app", NS, [("CELERY_ACKS_LATE", True, "conf-attr")], "task_acks_late", True),
    (
        "old-names-ignored",
        NS,
        [
            ("CELERYBEAT_SCHEDULE", Dict((("x", 1),)), "module"),
            ("CELERY_ACKS_LATE", True, "module"),
        ],
        "beat_schedule",
        Dict(),
    ),
    (
        "old-and-new-under-ns",
        NS,
        [("CELERY_TASK_ACKS_LATE", True, "module"), ("CELERY_ACKS_LATE", False, "module")],
        "task_acks_late",
        True,
    ),
    (
        "doc-only-not-read",
        NS,
        [("CELERY_TIME_LIMIT", 5, "module"), ("CELERY_TASK_SOFT_TIME_LIMIT", 3, "module")],
        "task_time_limit",
        None,
    ),
    (
        "lowercase-prefix",
        "celery",
        [("celery_task_routes", routes("q1"), "module")],
        "task_routes",
        routes("q1"),
    ),
    (
        "uppercase-key-lowercase-ns",
        "celery",
        [("CELERY_TASK_ROUTES", routes("q1"), "module")],
        "task_routes",
        None,
    ),
    # Without a namespace the app's own writes come first.
    (
        "plain-app-update-wins",
        None,
        [("task_routes", routes("q1"), "module"), ("task_routes", routes("q2"), "conf-update")],
        "task_routes",
        routes("q2"),
    ),
    (
        "plain-kwarg-wins",
        None,
        [("task_acks_late", True, "module"), ("task_acks_late", False, "celery-kwarg")],
        "task_acks_late",
        False,
    ),
    (
        "old-family-app-write",
        None,
        [
            ("CELERY_ROUTES", routes("q1"), "module"),
            ("CELERY_ACKS_LATE", True, "module"),
            ("task_routes", routes("q2"), "conf-attr"),
        ],
        "task_routes",
        routes("q2"),
    ),
    (
        "old-family-honoured",
        None,
        [("CELERYD_TASK_TIME_LIMIT", 9, "module"), ("CELERY_ACKS_LATE", True, "module")],
        "task_time_limit",
        9,
    ),
    (
        "old-family-app-old-name",
        None,
        [
            ("CELERYD_TASK_TIME_LIMIT", 9, "module"),
            ("CELERY_ACKS_LATE", True, "module"),
            ("CELERYD_TASK_TIME_LIMIT", 5, "conf-attr"),
        ],
        "task_time_limit",
        5,
    ),
    (
        "new-family-app-old-name",
        None,
        [("task_time_limit", 9, "module"), ("CELERYD_TASK_TIME_LIMIT", 5, "conf-attr")],
        "task_time_limit",
        5,
    ),
    # Both spellings of one setting: the new one is read, whatever the family.
    (
        "both-spellings-new",
        None,
        [
            ("CELERY_ROUTES", routes("q1"), "module"),
            ("task_routes", routes("q3"), "module"),
            ("broker_url", "x", "module"),
        ],
        "task_routes",
        routes("q3"),
    ),
    (
        "both-spellings-old",
        None,
        [
            ("CELERY_ROUTES", routes("q1"), "module"),
            ("task_routes", routes("q3"), "module"),
            ("BROKER_URL", "x", "module"),
            ("CELERY_ACKS_LATE", True, "module"),
        ],
        "task_routes",
        routes("q3"),
    ),
    ("doc-only-plain", None, [("CELERYD_TIME_LIMIT", 9, "module")], "task_time_limit", None),
    (
        "old-names-plain",
        None,
        [("BROKER_URL", "x", "module"), ("CELERY_RESULT_BACKEND", "y", "module")],
        "result_backend",
        "y",
    ),
]


@pytest.mark.parametrize(
    ("namespace", "writes", "setting", "expected"),
    [case[1:] for case in CELERY_5_5],
    ids=[case[0] for case in CELERY_5_5],
)
def test_lookup_as_celery_does(
    namespace: str | None, writes: list[tuple[str, Value, str]], setting: str, expected: Value
) -> None:
    given = Writes()
    for key, value, via in writes:
        given.add(key, value, via)
    assert resolve(given.items, namespace).get(setting).value == expected


def test_effective_value_says_where_it_came_from() -> None:
    writes = (
        Writes()
        .add("CELERY_TASK_ACKS_LATE", False)
        .add("CELERY_TASK_ACKS_LATE", True)
        .add("CELERY_TASK_ACKS_LATE", False, "conf-attr")
    )
    resolved = resolve(writes.items, NS)
    assert resolved.effective == (
        Effective(
            "task_acks_late",
            False,
            at(3, CELERY),
            "conf-attr",
            False,
            (at(1), at(2), at(3, CELERY)),
        ),
    )
    assert resolved.get("task_default_queue") == Effective(
        "task_default_queue", "celery", None, None, True
    )
    with pytest.raises(KeyError):
        resolved.get("CELERY_TASK_ROUTES")


def test_ignored_names_under_the_namespace() -> None:
    writes = (
        Writes()
        .add("CELERYBEAT_SCHEDULE", Dict())
        .add("CELERYD_TIME_LIMIT", 5)
        .add("CELERY_TIME_LIMIT", 5)
        .add("CELERY_TASK_ACKS_LATE", True)
        .add("CELERY_REDBEAT_REDIS_URL", "redis://")
        .add("DATABASES", Dict())
    )
    resolved = resolve(writes.items, NS)
    never = "an old setting name, never read under namespace='CELERY'"
    doc = "listed in Celery's docs, but Celery's code does not read this name"
    assert resolved.ignored == (
        IgnoredSetting(
            "CELERYBEAT_SCHEDULE",
            at(1),
            "ignored-old-under-namespace",
            never,
            "CELERY_BEAT_SCHEDULE",
            "beat_schedule",
        ),
        IgnoredSetting(
            "CELERYD_TIME_LIMIT",
            at(2),
            "doc-only",
            doc,
            "CELERY_TASK_TIME_LIMIT",
            "task_time_limit",
        ),
        IgnoredSetting(
            "CELERY_TIME_LIMIT",
            at(3),
            "misspelt",
            "not a name Celery reads",
            "CELERY_TASK_TIME_LIMIT",
            "task_time_limit",
        ),
    )
    assert [e.setting for e in resolved.effective] == ["task_acks_late"]
    assert (resolved.namespace, resolved.family, resolved.mixed) == (NS, None, ())


def test_doc_only_suggestion_follows_the_family_in_use() -> None:
    old = Writes().add("CELERY_ACKS_LATE", True).add("CELERYD_TIME_LIMIT", 5)
    new = Writes().add("task_acks_late", True).add("CELERYD_TIME_LIMIT", 5)
    assert [i.suggestion for i in resolve(old.items, None).ignored] == ["CELERYD_TASK_TIME_LIMIT"]
    assert [i.suggestion for i in resolve(new.items, None).ignored] == ["task_time_limit"]


def test_mixed_families_new_majority() -> None:
    writes = (
        Writes()
        .add("broker_url", "redis://")
        .add("task_acks_late", True)
        .add("CELERY_ROUTES", Dict())
    )
    resolved = resolve(writes.items, None)
    assert resolved.family == "new"
    assert resolved.mixed == (
        MixedFamilies(
            new_keys=(("broker_url", at(1)), ("task_acks_late", at(2))),
            old_keys=(("CELERY_ROUTES", at(3)),),
            minority="old",
            renames=(("CELERY_ROUTES", "task_routes"),),
        ),
    )


def test_mixed_families_old_majority() -> None:
    writes = (
        Writes().add("BROKER_URL", "x").add("CELERY_ACKS_LATE", True).add("task_routes", Dict())
    )
    resolved = resolve(writes.items, None)
    assert resolved.family == "old"
    assert [m.renames for m in resolved.mixed] == [(("task_routes", "CELERY_ROUTES"),)]
    assert [m.minority for m in resolved.mixed] == ["new"]


def test_a_tie_keeps_the_new_family() -> None:
    writes = Writes().add("task_default_queue", "light").add("CELERY_ROUTES", Dict())
    resolved = resolve(writes.items, None)
    assert resolved.family == "new"
    assert [m.renames for m in resolved.mixed] == [(("CELERY_ROUTES", "task_routes"),)]


NOT_MIXED = [
    # Both spellings of the one setting, a namespace, app-side writes, or one family.
    (None, [("CELERY_ROUTES", "module"), ("task_routes", "module"), ("broker_url", "module")]),
    (NS, [("CELERY_TASK_ROUTES", "module"), ("CELERY_ROUTES", "module")]),
    (None, [("task_routes", "module"), ("CELERY_ACKS_LATE", "conf-attr")]),
    (None, [("BROKER_URL", "module"), ("CELERY_ACKS_LATE", "module")]),
    (None, [("task_routes", "module"), ("CELERYD_TIME_LIMIT", "module")]),
]


@pytest.mark.parametrize(("namespace", "writes"), NOT_MIXED)
def test_not_mixed(namespace: str | None, writes: list[tuple[str, str]]) -> None:
    given = Writes()
    for key, via in writes:
        given.add(key, Dict() if "ROUTES" in key.upper() else "x", via)
    assert resolve(given.items, namespace).mixed == ()


def test_conditional_writes() -> None:
    maybe = Writes().add("CELERY_TASK_ALWAYS_EAGER", True, conditional=True)
    assert resolve(maybe.items, NS).get("task_always_eager").value == Unknown("set conditionally")
    # A conditional write of the default value changes nothing that can be seen.
    same = Writes().add("CELERY_TASK_ALWAYS_EAGER", False, conditional=True)
    assert resolve(same.items, NS).get("task_always_eager").value is False
    # Set first, then maybe set to the same value: known.
    settled = (
        Writes()
        .add("CELERY_TASK_ACKS_LATE", True)
        .add("CELERY_TASK_ACKS_LATE", True, conditional=True)
    )
    assert resolve(settled.items, NS).get("task_acks_late").value is True
    # Branches are not paired: if/else giving the same value still may leave it unset.
    branches = (
        Writes()
        .add("CELERY_TASK_ACKS_LATE", True, conditional=True)
        .add("CELERY_TASK_ACKS_LATE", True, conditional=True)
    )
    assert resolve(branches.items, NS).get("task_acks_late").value == Unknown("set conditionally")
    # True is not 1 for a setting.
    typed = (
        Writes()
        .add("CELERY_WORKER_CONCURRENCY", 1)
        .add("CELERY_WORKER_CONCURRENCY", True, conditional=True)
    )
    assert resolve(typed.items, NS).get("worker_concurrency").value == Unknown("set conditionally")
    # An unconditional app write on top decides, whatever the module did.
    overridden = maybe.add("CELERY_TASK_ALWAYS_EAGER", False, "conf-attr")
    assert resolve(overridden.items, NS).get("task_always_eager").value is False


def entry(key: str, task: str) -> tuple[str, Dict]:
    return key, Dict((("task", task),))


def test_partial_updates_merge_into_the_dict() -> None:
    writes = (
        Writes()
        .add("CELERY_BEAT_SCHEDULE", Dict((entry("a", "t.a"),)))
        .add("CELERY_BEAT_SCHEDULE", Dict((entry("b", "t.b"),)), "item")
        .add("CELERY_BEAT_SCHEDULE", Dict((entry("a", "t.a2"), entry("c", "t.c"))), "update-call")
    )
    effective = resolve(writes.items, NS).get("beat_schedule")
    assert effective.value == Dict((entry("a", "t.a2"), entry("b", "t.b"), entry("c", "t.c")))
    assert (effective.location, effective.via) == (at(3), "update-call")


def test_partial_update_without_a_base_starts_from_the_default() -> None:
    writes = Writes().add("CELERY_BEAT_SCHEDULE", Dict((entry("b", "t.b"),)), "item")
    assert resolve(writes.items, NS).get("beat_schedule").value == Dict((entry("b", "t.b"),))


def test_app_side_partial_update_mutates_what_the_app_reads() -> None:
    writes = (
        Writes()
        .add("CELERY_BEAT_SCHEDULE", Dict((entry("a", "t.a"),)))
        .add("beat_schedule", Dict((entry("b", "t.b"),)), "item")
    )
    value = resolve(writes.items, NS).get("beat_schedule").value
    assert value == Dict((entry("a", "t.a"), entry("b", "t.b")))


PARTIAL_UNKNOWN = [
    (Unknown("env"), Dict((("b", 1),)), "partial update of a value computed at run time"),
    (Dict((("a", 1),)), Unknown("helper()"), "partial update computed at run time"),
    (
        Dict((("a", 1),)),
        Dict(((Unknown("k"), 1),)),
        "partial update with a key computed at run time",
    ),
    ("not-a-dict", Dict((("b", 1),)), "partial update of a value that is not a dict"),
]


@pytest.mark.parametrize(("base", "update", "reason"), PARTIAL_UNKNOWN)
def test_partial_updates_that_cannot_be_followed(base: Value, update: Value, reason: str) -> None:
    writes = Writes().add("CELERY_TASK_ROUTES", base).add("CELERY_TASK_ROUTES", update, "item")
    assert resolve(writes.items, NS).get("task_routes").value == Unknown(reason)


SETTING_NAMES = [
    ("CELERY_TASK_ROUTES", True),
    ("CELERY_ANYTHING", True),
    ("BROKER_URL", True),
    ("BROKER_POOL_LIMIT", True),
    ("broker_url", True),
    ("ENABLE_UTC", True),
    ("CELERYD_TIME_LIMIT", True),
    ("DATABASES", False),
    ("TIME_ZONE", False),
    ("celery_app", False),
    ("Celery", False),
]


@pytest.mark.parametrize(("key", "expected"), SETTING_NAMES)
def test_is_setting_name(key: str, expected: bool) -> None:
    assert is_setting_name(key) is expected


# --- what depends on the release ----------------------------------------------
#
# Measured on Celery 5.5.3, 5.6.3 and 5.7.0 in throw-away virtualenvs: under
# namespace="CELERY", 5.7.0 reads CELERY_ACKS_LATE="old" alone, but a
# CELERY_TASK_ACKS_LATE="new" in the settings and a bare app.conf.task_acks_late
# both win over it; 5.5.3 and 5.6.3 ignore it.

FIVE_SEVEN = Release(old_names_under_namespace=True)
SPANS = Release(old_names_under_namespace=None)


def test_5_7_reads_an_old_name_under_the_namespace_and_deprecates_it() -> None:
    writes = Writes().add("CELERY_ACKS_LATE", "old")
    resolved = resolve(writes.items, NS, FIVE_SEVEN)
    assert resolved.get("task_acks_late").value == "old"
    assert resolved.ignored == ()
    assert resolved.deprecated == (
        DeprecatedSetting("CELERY_ACKS_LATE", at(1), "CELERY_TASK_ACKS_LATE", True),
    )
    assert resolve(writes.items, NS).get("task_acks_late").value is False  # 5.5.3, 5.6.3


@pytest.mark.parametrize(
    ("new_key", "via"), [("CELERY_TASK_ACKS_LATE", "module"), ("task_acks_late", "conf-attr")]
)
def test_on_5_7_every_new_spelling_wins_over_the_old_name(new_key: str, via: str) -> None:
    writes = Writes().add("CELERY_ACKS_LATE", "old").add(new_key, "new", via)
    assert resolve(writes.items, NS, FIVE_SEVEN).get("task_acks_late").value == "new"


def test_releases_that_disagree_leave_an_old_name_unknown_and_still_reported() -> None:
    resolved = resolve(Writes().add("CELERY_ACKS_LATE", True).items, NS, SPANS)
    reason = "`CELERY_ACKS_LATE` is read under the namespace only from Celery 5.7.0 on"
    assert resolved.get("task_acks_late").value == Unknown(reason)
    assert [i.key for i in resolved.ignored] == ["CELERY_ACKS_LATE"]
    assert resolved.deprecated == ()


def test_old_names_without_a_namespace_are_read_and_deprecated_on_every_release() -> None:
    """Measured on every 5.x release: maybe_warn_deprecated_settings names CELERY_ACKS_LATE."""
    writes = Writes().add("BROKER_URL", "redis://x").add("CELERY_ACKS_LATE", True)
    resolved = resolve(writes.items, None)
    assert [(d.key, d.suggestion, d.namespaced) for d in resolved.deprecated] == [
        ("BROKER_URL", "broker_url", False),
        ("CELERY_ACKS_LATE", "task_acks_late", False),
    ]


def test_no_deprecation_for_new_names_app_writes_or_a_refused_mix() -> None:
    new = Writes().add("broker_url", "x").add("CELERY_ACKS_LATE", True, "conf-attr")
    mixed = Writes().add("broker_url", "x").add("task_serializer", "json")
    mixed.add("CELERY_ACKS_LATE", True)
    assert resolve(new.items, None).deprecated == ()
    assert resolve(mixed.items, None).deprecated == ()
    assert (
        resolve(Writes().add("CELERY_TASK_ACKS_LATE", True).items, NS, FIVE_SEVEN).deprecated == ()
    )


def test_a_setting_the_release_lacks_is_not_read() -> None:
    release = Release(False, frozenset({"worker_soft_shutdown_timeout"}))
    writes = Writes().add("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", 28)
    resolved = resolve(writes.items, NS, release)
    assert resolved.get("worker_soft_shutdown_timeout").default
    assert [(i.key, i.status, i.intended) for i in resolved.ignored] == [
        ("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", "not-in-release", "worker_soft_shutdown_timeout")
    ]


def test_in_place_changes_on_the_app_leave_the_setting_unknown_from_the_first_one() -> None:
    first, second = Location("lanes/a.py", 4, 5), Location("lanes/b.py", 9, 5)
    writes = [
        SettingWrite("CELERY_TASK_ROUTES", Dict(), Location("config/settings.py", 2, 1), "module"),
        SettingWrite("task_routes", Unknown("changed at lanes/a.py:4"), first, "conf-mutate"),
        SettingWrite("task_routes", Unknown("changed at lanes/b.py:9"), second, "conf-mutate"),
    ]
    routes = resolve(writes, "CELERY").get("task_routes")
    assert (routes.value, routes.location) == (Unknown("changed at lanes/a.py:4"), first)
    # Near miss: without a namespace the change still lands on what the app reads.
    plain = [
        SettingWrite("task_routes", Dict(), Location("celeryconfig.py", 1, 1), "module"),
        writes[2],
    ]
    assert resolve(plain, None).get("task_routes").value == Unknown("changed at lanes/b.py:9")
