"""Developer shortcuts, run with invoke: ``inv --list``."""
from invoke import task


@task
def test(c, k=""):
    """Run the test suite (optionally ``-k expression``)."""
    c.run(f"pytest -q {'-k ' + k if k else ''}", pty=True)


@task
def lint(c):
    """Static checks before a push."""
    c.run("ruff check .")
    c.run("ruff format --check .")


@task
def reset_db(c):
    """Drop and recreate the local database, then migrate."""
    c.run("dropdb --if-exists clinic && createdb clinic")
    c.run("python manage.py migrate")


@task(help={"practice": "primary key of the practice to resync"})
def resync(c, practice):
    """Queue a Doctolib resync of one practice from a shell."""
    c.run(
        "python manage.py shell -c "
        f"\"from apps.sync.tasks import sync_doctolib_practice; sync_doctolib_practice.delay({int(practice)})\""
    )
